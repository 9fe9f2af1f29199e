/** `%text%` for ILIKE, with the pattern characters of the text itself (%, _, \) escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

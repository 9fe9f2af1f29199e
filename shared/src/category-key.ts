/** Longest category text kept from a portal (the collect schema's and the catalogue's limit too). */
export const CATEGORY_TEXT_MAX = 100

/**
 * A category text as kept on the article and as a new category's name: control characters (NUL
 * included, which text columns refuse) and runs of white space become one space, trimmed, at most
 * CATEGORY_TEXT_MAX characters.
 */
export function cleanCategoryText(text: string): string {
  return text
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .slice(0, CATEGORY_TEXT_MAX)
}

/**
 * The key a category text is matched by, so that its spelling variants meet on one category:
 * "Pemerintahan", " pemerintahan ", "PEMERINTAHAN" → "pemerintahan"; "Sosial & Budaya" →
 * "sosial-budaya". Accents are dropped and every run of other characters becomes one "-", so the key
 * is also a valid category slug. "" when the text has no Latin letter or digit.
 */
export function categoryKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, CATEGORY_TEXT_MAX)
    .replace(/-+$/, '')
}

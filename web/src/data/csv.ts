/**
 * CSV for the "Unduh CSV" buttons of charts and tables whose data the browser already holds
 * (comparison pivots, the regency table). Large or raw data comes from the server's own CSV
 * endpoints instead. Made for Excel with Indonesian regional settings: ";" between fields and a
 * decimal comma by default, a UTF-8 byte order mark so accents survive.
 */
export type Separator = ';' | ','

export interface CsvOptions {
  separator?: Separator
}

export type CsvValue = string | number | boolean | null | undefined

function field(value: CsvValue, separator: Separator): string {
  if (value == null) return ''
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return ''
    // No thousands separators (Excel reads them as text); the decimal mark follows the separator:
    // with ";" the file is for Indonesian Excel, which expects a decimal comma.
    text = separator === ';' ? String(value).replace('.', ',') : String(value)
  } else {
    text = String(value)
  }
  // Cells starting with = + - @ are formulas to a spreadsheet; a leading quote keeps them text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The CSV text (CRLF line ends, no BOM) of a header row and data rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ';'
  return [header, ...rows].map((row) => row.map((v) => field(v, separator)).join(separator)).join('\r\n') + '\r\n'
}

/** A file name safe on every system: "jangkau-wilayah-2026-11-01-2026-11-27.csv". */
export function csvFileName(...parts: string[]): string {
  const slug = parts
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
  return `jangkau-${slug}.csv`
}

/**
 * Fields of CSV text (RFC 4180: quoted fields may hold the separator, quotes and line breaks).
 * A leading byte order mark is dropped.
 */
export function parseCsv(text: string, separator: Separator = ';'): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let fieldText = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          fieldText += '"'
          i++
        } else quoted = false
      } else fieldText += c
    } else if (c === '"') quoted = true
    else if (c === separator) {
      row.push(fieldText)
      fieldText = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(fieldText)
      rows.push(row)
      row = []
      fieldText = ''
    } else fieldText += c
  }
  if (fieldText !== '' || row.length > 0) {
    row.push(fieldText)
    rows.push(row)
  }
  return rows
}

/**
 * The server's CSV (";" with decimal comma, for Indonesian Excel) rewritten for "," tools: numbers
 * like "12,5" become 12.5; everything else is kept as text. Integers with a leading zero ("0812")
 * stay text so no digit is lost.
 */
export function toCommaCsv(semicolonCsv: string): string {
  const text = semicolonCsv.replace(/^\uFEFF/, '')
  // Excel's "sep=;" first line names the separator; it must name the new one.
  const sepLine = /^sep=;\r?\n/.exec(text)
  const [header = [], ...rows] = parseCsv(sepLine ? text.slice(sepLine[0].length) : text, ';')
  const values = rows.map((r) => r.map((v): CsvValue => (/^-?(0|[1-9]\d*)(,\d+)?$/.test(v) ? Number(v.replace(',', '.')) : v)))
  return (sepLine ? 'sep=,\r\n' : '') + toCsv(header, values, { separator: ',' })
}

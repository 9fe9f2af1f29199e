/*
 * The one CSV format of Jangkau, written by the server's exports (server/src/csv/write-csv.ts) and by the
 * dashboard's "Unduh CSV" buttons alike (web/src/data/csv.ts), for spreadsheets in an Indonesian locale:
 *   - UTF-8 with a byte order mark (so Excel reads accents and "–" as UTF-8)
 *   - ";" between fields, CRLF line ends, a decimal comma (12,5), no thousands separator
 *   - dates as YYYY-MM-DD and times as YYYY-MM-DD HH:MM:SS, which Excel and LibreOffice read as dates
 *   - text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
 *     leading apostrophe, so a page title like "=HYPERLINK(…)" stays text (CSV injection)
 *
 * No `sep=;` first line: LibreOffice imports it as a data row ("sep=" above the header, proven in
 * tests/src/export-spreadsheets.test.ts) and Excel ignores the byte order mark when it is there, so accents
 * break. Excel with Indonesian regional settings splits on ";" by itself (its list separator).
 */

export type CsvValue = string | number | boolean | null | undefined
export type CsvSeparator = ';' | ','

export const CSV_SEPARATOR: CsvSeparator = ';'
export const CSV_BOM = '\uFEFF'
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8'

const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One cell as text: numbers with a decimal comma (a dot with the "," separator), formula-like text
 * neutralised, null empty.
 */
export function csvCell(value: CsvValue, separator: CsvSeparator = CSV_SEPARATOR): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return ''
    return separator === ';' ? String(value).replace('.', ',') : String(value)
  }
  const text = String(value)
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text
}

/** One field as written: quoted (quotes doubled) when it holds the separator, a quote or a line break. */
export function csvField(text: string, separator: CsvSeparator = CSV_SEPARATOR): string {
  return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One record with its CRLF. */
export function csvRecord(values: readonly CsvValue[], separator: CsvSeparator = CSV_SEPARATOR): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += separator
    line += csvField(csvCell(values[i], separator), separator)
  }
  return `${line}\r\n`
}

/** The CSV text (CRLF line ends, no byte order mark) of a header row and data rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], separator: CsvSeparator = CSV_SEPARATOR): string {
  let text = csvRecord(header, separator)
  for (const row of rows) text += csvRecord(row, separator)
  return text
}

/** "jangkau-wilayah-….csv" → "jangkau-wilayah-….xlsx" (or the other way). */
export function withExtension(fileName: string, extension: 'csv' | 'xlsx'): string {
  return `${fileName.replace(/\.(csv|xlsx)$/i, '')}.${extension}`
}

import { type CsvSeparator, type CsvValue, toCsv } from '@jangkau/shared'

/*
 * CSV helpers of the dashboard. Writing is shared/src/csv.ts's `toCsv`, the server's own format
 * (";", decimal comma, UTF-8 byte order mark, no `sep=` line), so a table's file is the same
 * whichever made it; here only file names, reading, and the "," variant of the Ekspor page.
 */
export type Separator = CsvSeparator

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
  const [header = [], ...rows] = parseCsv(semicolonCsv.replace(/^\uFEFF/, ''), ';')
  const values = rows.map((r) => r.map((v): CsvValue => (/^-?(0|[1-9]\d*)(,\d+)?$/.test(v) ? Number(v.replace(',', '.')) : v)))
  return toCsv(header, values, ',')
}

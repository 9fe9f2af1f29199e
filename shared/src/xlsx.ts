import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/universal'
import type { CsvValue } from './csv.ts'

/*
 * The .xlsx twin of csv.ts, for the "Unduh XLSX" buttons and `format=xlsx` exports: the same header
 * row (Indonesian unless lang=en) and the same values, but typed: numbers are number cells, dates
 * (YYYY-MM-DD, YYYY-MM) and times (YYYY-MM-DD HH:MM[:SS]) are date cells, everything else text. Written
 * by write-excel-file (browser and Node alike), so the server and the dashboard make the same file.
 * The import is kept in this module only (`@jangkau/shared/xlsx`): the dashboard loads it on click.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** Rows of a worksheet, the header included (Excel's limit). */
export const XLSX_MAX_ROWS = 1_048_576

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/
const TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * A value as a typed cell. Dates carry their wall-clock time as UTC: a spreadsheet date has no zone,
 * and the text a CSV holds is already in the report zone (WITA).
 */
export function xlsxCell(value: CsvValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'boolean') return value
  let m = DAY.exec(value)
  if (m) return { value: new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)), type: Date, format: 'yyyy-mm-dd' }
  m = TIME.exec(value)
  if (m) {
    const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)))
    return { value: date, type: Date, format: 'yyyy-mm-dd hh:mm:ss' }
  }
  m = MONTH.exec(value)
  if (m) return { value: new Date(Date.UTC(+m[1]!, +m[2]! - 1, 1)), type: Date, format: 'yyyy-mm' }
  return value
}

/** Column widths from the longest text of the header and the first rows, within reason. */
function widths(header: readonly string[], rows: readonly (readonly CsvValue[])[]): { width: number }[] {
  return header.map((h, i) => {
    let longest = h.length
    for (let r = 0; r < Math.min(rows.length, 200); r++) longest = Math.max(longest, String(rows[r]![i] ?? '').length)
    return { width: Math.min(60, Math.max(8, longest + 2)) }
  })
}

/** A one-sheet workbook: a bold header row, then the rows as typed cells. */
export function toXlsx(header: readonly string[], rows: readonly (readonly CsvValue[])[], sheet = 'Jangkau'): Promise<Blob> {
  const data: Row[] = [header.map((h) => ({ value: h, fontWeight: 'bold' as const }))]
  for (const row of rows) data.push(row.map(xlsxCell))
  // Sheet names may not hold : \ / ? * [ ] and are at most 31 characters.
  return writeXlsxFile(data, {
    sheet: sheet.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31),
    columns: widths(header, rows),
    stickyRowsCount: 1,
  }).toBlob()
}

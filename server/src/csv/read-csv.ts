import { parse } from 'csv-parse/sync'
import type { ImportRowError } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { type Msg, t } from '../i18n.ts'

/**
 * Reading the CSV files people upload (KIM import, article catalogue): UTF-8 with or without BOM,
 * comma or semicolon (what Excel writes in an Indonesian locale), quoted fields with line breaks.
 * Every problem is reported with the line it is on, so that the whole file can be fixed at once.
 */

/** One data row: its line in the file (the header is line 1) and its cells by canonical column name. */
export interface CsvRow {
  line: number
  cells: Map<string, string>
}

export interface CsvLayout {
  /** The column names the file may have, as spelled in the API (matched case-insensitively). */
  columns: readonly string[]
  /** Columns the header must have. */
  required: readonly string[]
  /** Columns that must not be there, with the reason. */
  refused?: Record<string, Msg>
}

/** A refused row (line 1: the header) and why: the Msg's two languages as `reason` and `reasonEn`. */
export const rowError = (line: number, column: string | null, why: Msg): ImportRowError => ({
  line,
  column,
  reason: why.id,
  reasonEn: why.en,
})

/** At most this many row errors are listed in an answer; the message gives the total. */
const MAX_LISTED_ERRORS = 1000

/** The body as text. Anything that is not UTF-8 (an Excel "CSV (Comma delimited)" in Windows-1252) is refused. */
export function decodeCsv(body: Buffer | string): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '')
  try {
    // fatal: refuse invalid bytes instead of turning them into U+FFFD; the decoder drops a BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    throw badRequest(
      'invalid_encoding',
      t('Berkas bukan UTF-8: simpan sebagai "CSV UTF-8".', 'The file is not UTF-8: save it as "CSV UTF-8".'),
    )
  }
}

/** Semicolon when the header line has more semicolons than commas, else comma. */
export function detectDelimiter(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r|\n|$/))
  const count = (c: string) => header.split(c).length - 1
  return count(';') > count(',') ? ';' : ','
}

/**
 * Parses `text` against `layout`: the header is checked first (unknown, duplicate, refused and
 * missing columns); then every record becomes a CsvRow, except blank ones (Excel leaves ";;;" lines).
 * Problems come back as row errors; a file that is not CSV at all (an unclosed quote) throws 400.
 */
export function readCsv(text: string, layout: CsvLayout): { rows: CsvRow[]; errors: ImportRowError[] } {
  // One line-break convention, so that csv-parse's line numbers are the lines an editor shows.
  const normalised = text.replace(/\r\n?/g, '\n')
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(normalised, {
      delimiter: detectDelimiter(normalised),
      bom: true,
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (KIM "Maju", =HYPERLINK("…")) is text, as Excel reads it.
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as typeof records // info: true yields {record, info} per record
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw badRequest(
      'invalid_csv',
      t(
        `Berkas bukan CSV yang sah${line ? ` (baris ${line})` : ''}: ${(error as Error).message}.`,
        `The file is not valid CSV${line ? ` (line ${line})` : ''}.`,
      ),
    )
  }
  const [header, ...body] = records
  if (!header) throw badRequest('empty_csv', t('Berkas kosong.', 'The file is empty.'))

  const errors: ImportRowError[] = []
  const byLowerName = new Map(layout.columns.map((c) => [c.toLowerCase(), c]))
  const columns: (string | null)[] = []
  for (const raw of header.record) {
    const name = raw.trim()
    const refused = Object.entries(layout.refused ?? {}).find(([c]) => c.toLowerCase() === name.toLowerCase())
    const column = byLowerName.get(name.toLowerCase())
    if (name === '') {
      // A blank header cell: Excel's trailing ";" — the column is ignored.
    } else if (refused) {
      errors.push(rowError(1, name, refused[1]))
    } else if (!column) {
      errors.push(
        rowError(1, name, {
          id: `kolom tidak dikenal; kolom yang sah: ${layout.columns.join(', ')}`,
          en: `unknown column; the columns are: ${layout.columns.join(', ')}`,
        }),
      )
    } else if (columns.includes(column)) {
      errors.push(rowError(1, column, { id: 'kolom muncul dua kali', en: 'the column appears twice' }))
    }
    columns.push(column && !columns.includes(column) ? column : null)
  }
  for (const required of layout.required) {
    if (!columns.includes(required)) {
      errors.push(rowError(1, required, { id: 'kolom wajib tidak ada', en: 'a required column is missing' }))
    }
  }
  if (errors.length > 0) return { rows: [], errors }

  const rows: CsvRow[] = []
  for (const { record, info } of body) {
    if (record.every((cell) => cell.trim() === '')) continue
    // info.lines is the record's last line; a quoted cell with line breaks started earlier.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0)
    if (record.length !== columns.length) {
      errors.push(
        rowError(line, null, {
          id: `baris berisi ${record.length} kolom, header ${columns.length}`,
          en: `the row has ${record.length} columns, the header ${columns.length}`,
        }),
      )
      continue
    }
    const cells = new Map<string, string>()
    record.forEach((cell, i) => {
      const column = columns[i]
      if (column) cells.set(column, cell)
    })
    rows.push({ line, cells })
  }
  if (rows.length === 0 && errors.length === 0) {
    throw badRequest('empty_csv', t('Berkas tidak berisi baris data.', 'The file has no data rows.'))
  }
  return { rows, errors }
}

/** The 400 for a file with refused rows: nothing was imported; each problem in details. */
export function invalidRows(errors: ImportRowError[]): Error {
  const n = errors.length
  const cut = n > MAX_LISTED_ERRORS
  return badRequest(
    'invalid_rows',
    t(
      `${n} masalah dalam berkas; tidak ada yang diimpor${cut ? ` (${MAX_LISTED_ERRORS} pertama ditampilkan)` : ''}.`,
      `${n} problems in the file; nothing was imported${cut ? ` (first ${MAX_LISTED_ERRORS} listed)` : ''}.`,
    ),
    errors.slice(0, MAX_LISTED_ERRORS),
  )
}

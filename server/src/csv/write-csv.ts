import { Readable } from 'node:stream'
import { CSV_BOM, CSV_CONTENT_TYPE, type CsvValue, csvRecord, withExtension } from '@jangkau/shared'
import { toXlsx, XLSX_CONTENT_TYPE, XLSX_MAX_ROWS } from '@jangkau/shared/xlsx'
import type { FastifyReply } from 'fastify'
import { badRequest } from '../errors.ts'

/**
 * Every CSV and .xlsx file Jangkau sends (stats answers and raw exports) is written here, in the one
 * format of @jangkau/shared (shared/src/csv.ts and xlsx.ts), which the dashboard's buttons write too:
 * UTF-8 with BOM, ";", CRLF, decimal comma, formula-like text neutralised; no `sep=;` line (why: csv.ts).
 * CSV rows are streamed page by page: memory stays flat however many rows there are. An .xlsx file is
 * a zip made whole, so its rows are gathered first, up to Excel's row limit.
 *
 * The quoting is written in shared/src/csv.ts rather than with csv-stringify: it is the whole of what
 * these files need, and csv-stringify formatted 26,000 rows/s against 128,000 for these lines on the
 * same machine, while the export must reach 200,000. The tests parse every file back with csv-parse.
 */

export interface CsvColumn<T> {
  header: string
  value: (row: T) => CsvValue
}

export type TableFormat = 'csv' | 'xlsx'

/** Rows per chunk written: small enough that each chunk's text stays short-lived garbage for the GC. */
const ROWS_PER_CHUNK = 500

/** A byte stream of the whole file: header line, then every page of rows as it arrives. */
export function csvStream<T>(columns: CsvColumn<T>[], pages: AsyncIterable<T[]> | Iterable<T[]>): Readable {
  async function* chunks() {
    yield Buffer.from(CSV_BOM + csvRecord(columns.map((c) => c.header)), 'utf8')
    const cells: CsvValue[] = new Array(columns.length)
    for await (const page of pages) {
      for (let start = 0; start < page.length; start += ROWS_PER_CHUNK) {
        let text = ''
        for (let r = start; r < Math.min(page.length, start + ROWS_PER_CHUNK); r++) {
          for (let i = 0; i < columns.length; i++) cells[i] = columns[i]!.value(page[r]!)
          text += csvRecord(cells)
        }
        yield Buffer.from(text, 'utf8')
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false })
}

const attachment = (fileName: string) => `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '-')}"`

/** Sends a CSV stream as a download named `fileName` (safe characters only). */
export function sendCsv<T>(
  reply: FastifyReply,
  fileName: string,
  columns: CsvColumn<T>[],
  pages: AsyncIterable<T[]> | Iterable<T[]>,
): FastifyReply {
  return reply
    .header('content-type', CSV_CONTENT_TYPE)
    .header('content-disposition', attachment(withExtension(fileName, 'csv')))
    .send(csvStream(columns, pages))
}

/** Sends the rows as a one-sheet .xlsx workbook; 400 `too_many_rows` past Excel's row limit. */
export async function sendXlsx<T>(
  reply: FastifyReply,
  fileName: string,
  columns: CsvColumn<T>[],
  pages: AsyncIterable<T[]> | Iterable<T[]>,
): Promise<FastifyReply> {
  const rows: CsvValue[][] = []
  for await (const page of pages) {
    if (rows.length + page.length > XLSX_MAX_ROWS - 1) {
      throw badRequest(
        'too_many_rows',
        `Lebih dari ${XLSX_MAX_ROWS - 1} baris tidak muat di satu lembar XLSX; pilih CSV atau rentang yang lebih pendek. / ` +
          `More than ${XLSX_MAX_ROWS - 1} rows do not fit in one XLSX sheet; choose CSV or a shorter range.`,
      )
    }
    for (const row of page) rows.push(columns.map((c) => c.value(row)))
  }
  const name = withExtension(fileName, 'xlsx')
  const blob = await toXlsx(
    columns.map((c) => c.header),
    rows,
    name.replace(/^jangkau-|\.xlsx$/g, ''),
  )
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', attachment(name))
    .send(Buffer.from(await blob.arrayBuffer()))
}

/** The rows as the format asked for (CSV unless `xlsx`). */
export function sendTable<T>(
  reply: FastifyReply,
  format: string | undefined,
  fileName: string,
  columns: CsvColumn<T>[],
  pages: AsyncIterable<T[]> | Iterable<T[]>,
): FastifyReply | Promise<FastifyReply> {
  return format === 'xlsx' ? sendXlsx(reply, fileName, columns, pages) : sendCsv(reply, fileName, columns, pages)
}

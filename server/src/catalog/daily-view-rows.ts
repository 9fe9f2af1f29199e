import { isCalendarDay, MAX_DAILY_VIEWS, type ImportRowError } from '@jangkau/shared'
import { type CsvRow, rowError } from '../csv/read-csv.ts'
import type { Msg } from '../i18n.ts'
import type { DailyViewsRow } from '../queries/import-daily-views.ts'
import { urlAndSite } from './article-rows.ts'

export interface DailyViewsLookups {
  siteByHost: Map<string, number>
  urlKeepParams: readonly string[]
  /** Today in the report time zone: a count for a later day cannot be history. */
  today: string
}

/** The web's early days: an earlier date is a typo. */
const EARLIEST_DAY = '1995-01-01'

/**
 * CSV rows of url;date;views → rows to store, or row errors (Indonesian and English) for every
 * problem: an unknown site, a day that is not a calendar day or lies in the future, a count that is
 * not a whole number, the same URL and day twice.
 */
export function dailyViewsFromCsv(csvRows: CsvRow[], lookups: DailyViewsLookups): { rows: DailyViewsRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = []
  const rows: DailyViewsRow[] = []
  const firstLine = new Map<string, number>()
  for (const { line, cells } of csvRows) {
    const fail = (column: string, why: Msg) => errors.push(rowError(line, column, why))
    const before = errors.length
    const cell = (column: string) => cells.get(column)?.trim() ?? ''

    const site = urlAndSite(cell('url'), lookups, fail)

    const day = cell('date')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isCalendarDay(day))
      fail('date', { id: 'bukan tanggal YYYY-MM-DD', en: 'not a YYYY-MM-DD date' })
    else if (day < EARLIEST_DAY || day > lookups.today) {
      fail('date', { id: `di luar rentang ${EARLIEST_DAY} sampai hari ini`, en: `outside ${EARLIEST_DAY} to today` })
    }

    const count = cell('views')
    // Digits only: "1.234" is a thousand and more in id-ID, one and a bit in en.
    if (!/^\d{1,9}$/.test(count) || Number(count) > MAX_DAILY_VIEWS) {
      fail('views', {
        id: `harus bilangan bulat 0 sampai ${MAX_DAILY_VIEWS} tanpa pemisah ribuan`,
        en: `must be a whole number from 0 to ${MAX_DAILY_VIEWS} without thousands separators`,
      })
    }

    if (errors.length > before || !site) continue
    const key = `${site.url} ${day}`
    const seen = firstLine.get(key)
    if (seen !== undefined) {
      fail('date', { id: `URL dan tanggal yang sama sudah ada di baris ${seen}`, en: `the same URL and date are already on line ${seen}` })
      continue
    }
    firstLine.set(key, line)
    rows.push({ ...site, day, views: Number(count) })
  }
  return { rows, errors }
}

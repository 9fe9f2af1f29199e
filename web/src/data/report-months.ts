import { REPORT_MONTH_PATTERN } from '@jangkau/shared/vocab'
import { addMonths, dayIn, WITA } from './dates.ts'

/** "YYYY-MM", years 2000–2999 (the API's pattern). */
export function isReportMonth(value: string | null | undefined): value is string {
  return !!value && new RegExp(REPORT_MONTH_PATTERN).test(value)
}

/** The last month that has ended in WITA: the report's default month. */
export function lastFullMonth(now: Date, timeZone: string = WITA): string {
  return addMonths(dayIn(now, timeZone).slice(0, 7), -1)
}

/** The months a report can be asked for, newest first: the current month and `count - 1` before it. */
export function recentMonths(now: Date, count = 36, timeZone: string = WITA): string[] {
  const current = dayIn(now, timeZone).slice(0, 7)
  return Array.from({ length: count }, (_, i) => addMonths(current, -i))
}

/**
 * The months the report's picker offers, newest first: from the running month (`current`, its
 * report is partial) back to the first month with data (`first`, from GET /api/reports/months), and
 * at least to the last full month (the page's default) while there is no data or no answer yet.
 */
export function offeredMonths(range: { first: string | null; current: string }): string[] {
  const oldest = range.first && range.first < range.current ? range.first : addMonths(range.current, -1)
  const months: string[] = []
  for (let m = range.current; m >= oldest; m = addMonths(m, -1)) months.push(m)
  return months
}

/** The PDF's file name, as the server names it: laporan-jangkau-2026-10.pdf, …-2026-10-64-08.pdf. */
export function reportFileName(month: string, region: string | null): string {
  return `laporan-jangkau-${month}${region ? `-${region.replace('.', '-')}` : ''}.pdf`
}

import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { addDays, isCalendarDay } from '@jangkau/shared/vocab'

/** Reports count days and months in WITA (UTC+8) unless told otherwise. */
export const WITA = 'Asia/Makassar'

/** True for a real calendar day written "YYYY-MM-DD" (rejects 2026-02-30): shared's isCalendarDay. */
export const isDay = isCalendarDay

/** The calendar day ("YYYY-MM-DD") that the instant `at` falls on in `timeZone`. */
export function dayIn(at: Date, timeZone: string = WITA): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd')
}

/**
 * `day` ("YYYY-MM-DD") moved by `days` calendar days (shared's addDays). Calendar arithmetic only: a
 * day string is already a day in the report zone, so no time zone is involved (and no DST can shift it).
 */
export { addDays }

/** "YYYY-MM" moved by `months` months. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + months
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Whole days from `from` to `to`, both "YYYY-MM-DD", counting both ends (1 for the same day). */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

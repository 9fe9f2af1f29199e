/**
 * Calendar-day arithmetic on "YYYY-MM-DD" strings. A calendar day has no time zone of its own (the
 * zone decides which instants belong to it, see dayIn); here days are plain dates, computed in UTC so
 * that no daylight-saving shift can move them.
 */

/** A calendar day "YYYY-MM-DD" as a schema checks its shape (isCalendarDay checks that it exists). */
export const CALENDAR_DAY_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$'

/** A report month "YYYY-MM": years 2000 to 2999, months 01 to 12. */
export const REPORT_MONTH_PATTERN = '^2\\d{3}-(0[1-9]|1[0-2])$'

const DAY_MS = 86_400_000
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const toDate = (day: string) => new Date(`${day}T00:00:00Z`)
const toDay = (date: Date) => date.toISOString().slice(0, 10)

/** True for a real calendar day written "YYYY-MM-DD" ("2026-02-30" is false). */
export function isCalendarDay(value: string): boolean {
  const m = DAY_PATTERN.exec(value)
  if (!m) return false
  const date = toDate(value)
  return !Number.isNaN(date.getTime()) && toDay(date) === value
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS))
}

/** Number of days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS)
}

/** The same day `years` later or earlier; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const d = toDate(day)
  const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay))
  return toDay(target)
}

/** The Monday of the (ISO) week the day falls in. */
export function weekStart(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(day, -weekday)
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`
}

/** The first day of the month after the one `day` falls in. */
export function nextMonthStart(day: string): string {
  const d = toDate(monthStart(day))
  return toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)))
}

export type TimeBucket = 'day' | 'week' | 'month'

/** The start of the bucket (day, Monday-based week, month) that `day` falls in. */
export function bucketStart(day: string, bucket: TimeBucket): string {
  return bucket === 'day' ? day : bucket === 'week' ? weekStart(day) : monthStart(day)
}

/**
 * Every bucket start from the bucket of `from` to the bucket of `to`, in order. The first and last
 * buckets of a week or month series may be partial; they still start on the Monday or the 1st.
 */
export function bucketStarts(from: string, to: string, bucket: TimeBucket): string[] {
  const starts: string[] = []
  let current = bucketStart(from, bucket)
  while (current <= to) {
    starts.push(current)
    current = bucket === 'day' ? addDays(current, 1) : bucket === 'week' ? addDays(current, 7) : nextMonthStart(current)
  }
  return starts
}

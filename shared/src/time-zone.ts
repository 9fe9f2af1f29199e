/** Reports count days and months in WITA unless the user picks another IANA zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Makassar'

const dayFormatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar day ("YYYY-MM-DD") that the instant `at` falls on in `timeZone`. */
export function dayIn(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let f = dayFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormatters.set(timeZone, f)
  }
  return f.format(at)
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

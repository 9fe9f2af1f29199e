import { HOURLY_WEIGHTS } from './catalog.ts'
import { Weighted } from './random.ts'

// Local time for the demo generator (generate.ts): days and hours in the report zone, for the daily
// and weekly rhythm of publishing and reading.

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

/**
 * Local days and hours in the report zone, for the daily and weekly rhythm. The zone's offset is
 * looked up once per day (Intl is slow); WITA has no daylight saving, other zones may be an hour
 * off on the day they switch, which a demo can live with.
 */
export class LocalClock {
  private readonly offsets = new Map<number, number>()
  private readonly format: Intl.DateTimeFormat

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
  }

  /** Milliseconds the zone is ahead of UTC around the instant `ms`. */
  offset(ms: number): number {
    const key = Math.floor(ms / DAY)
    let offset = this.offsets.get(key)
    if (offset === undefined) {
      const noon = key * DAY + 12 * HOUR
      const parts = Object.fromEntries(this.format.formatToParts(new Date(noon)).map((p) => [p.type, Number(p.value)]))
      const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
      offset = local - noon
      this.offsets.set(key, offset)
    }
    return offset
  }

  /** Days since 1970-01-01 of the local calendar day the instant falls on. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offset(ms)) / DAY)
  }

  /** The local calendar year of the instant. */
  year(ms: number): number {
    return new Date(this.localDay(ms) * DAY).getUTCFullYear()
  }

  /** The instant of `hours` (fractional) after local midnight of `localDay`. */
  at(localDay: number, hours: number): number {
    const local = localDay * DAY + hours * HOUR
    return local - this.offset(local)
  }
}

/** 0 Sunday … 6 Saturday, for a local day number (1970-01-01 was a Thursday). */
export const weekday = (localDay: number) => (((localDay + 4) % 7) + 7) % 7
export const isWeekend = (localDay: number) => weekday(localDay) === 0 || weekday(localDay) === 6
export const HOURS = new Weighted(HOURLY_WEIGHTS.map((weight, hour) => [hour, weight] as const))
/** Office hours for publishing: portals publish in the morning and early afternoon. */
export const PUBLISH_HOURS = new Weighted(
  HOURLY_WEIGHTS.map((_, hour) => [hour, hour >= 7 && hour <= 16 ? 10 : hour >= 17 && hour <= 21 ? 2 : 0] as const),
)

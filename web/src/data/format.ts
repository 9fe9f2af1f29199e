import { TZDate } from '@date-fns/tz'
import { format as formatWith } from 'date-fns'
import { enGB, id as idLocale } from 'date-fns/locale'
import { WITA } from './dates.ts'
import type { Granularity } from './series.ts'

/** The two UI languages. Numbers and dates follow the language: id-ID is the default. */
export type Lang = 'id' | 'en'

const NUMBER_LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' }
const DATE_LOCALE = { id: idLocale, en: enGB }

const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`
  let f = numberFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(NUMBER_LOCALE[lang], options)
    numberFormats.set(key, f)
  }
  return f
}

/** 1234567 → "1.234.567" (id) / "1,234,567" (en). Null or not a number → "–". */
export function formatNumber(value: number | null | undefined, lang: Lang = 'id', maxDecimals = 0): string {
  if (value == null || !Number.isFinite(value)) return '–'
  return numberFormat(lang, { maximumFractionDigits: maxDecimals }).format(value)
}

/** 1234567 → "1,2 jt" (id) / "1.2M" (en): for chart axes where space is short. */
export function formatCompact(value: number, lang: Lang = 'id'): string {
  return numberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}

/** A fraction 0..1 as a percent: 0.125 → "12,5%" (id) / "12.5%" (en). */
export function formatShare(fraction: number | null | undefined, lang: Lang = 'id'): string {
  if (fraction == null || !Number.isFinite(fraction)) return '–'
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(fraction)
}

/**
 * A change in percent (25 = +25 %) with its sign: "+25%", "−3,5%", "0%". Null → "–" (nothing to
 * compare with). The minus is a real minus sign (U+2212), which screen readers read as "minus".
 */
export function formatChange(percent: number | null | undefined, lang: Lang = 'id'): string {
  if (percent == null || !Number.isFinite(percent)) return '–'
  const rounded = Math.round(percent * 10) / 10
  const body = numberFormat(lang, { maximumFractionDigits: 1 }).format(Math.abs(rounded))
  if (rounded > 0) return `+${body}%`
  if (rounded < 0) return `\u2212${body}%`
  return '0%'
}

/** Whether a value is a calendar day or month string (already a WITA calendar value). */
function calendarValue(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:T(\d{2}))?$/.exec(value)
  if (!m) return null
  // Built in the local zone on purpose: date-fns formats local fields, and these are the fields.
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0))
}

/** An instant (ISO string, ms or Date) in the report zone, ready for date-fns's format. */
function inZone(value: string | number | Date, timeZone: string): Date {
  const t = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value)
  return new TZDate(t, timeZone)
}

/**
 * A day: "20 Apr 2022" (id: "20 Apr 2022", en: "20 Apr 2022"). A "YYYY-MM-DD" string is a WITA
 * calendar day already and is printed as it is; an instant is moved into WITA first.
 */
export function formatDay(value: string | Date, lang: Lang = 'id', timeZone: string = WITA): string {
  const d = typeof value === 'string' ? (calendarValue(value) ?? inZone(value, timeZone)) : inZone(value, timeZone)
  return formatWith(d, 'd MMM yyyy', { locale: DATE_LOCALE[lang] })
}

/** An instant with time of day in WITA: "20 Apr 2022 08.26 WITA" (id) / "20 Apr 2022 08:26 WITA" (en). */
export function formatDateTime(value: string | number | Date, lang: Lang = 'id', timeZone: string = WITA): string {
  const pattern = lang === 'id' ? 'd MMM yyyy HH.mm' : 'd MMM yyyy HH:mm'
  const zone = timeZone === WITA ? 'WITA' : timeZone
  return `${formatWith(inZone(value, timeZone), pattern, { locale: DATE_LOCALE[lang] })} ${zone}`
}

/** A bucket key of a series, for an axis tick: "20 Apr" (a day, or a week by its Monday), "Apr 2022" or "20 Apr 08.00". */
export function formatBucket(key: string, granularity: Granularity, lang: Lang = 'id'): string {
  const d = calendarValue(key)
  if (!d) return key
  const locale = DATE_LOCALE[lang]
  if (granularity === 'month') return formatWith(d, 'MMM yyyy', { locale })
  if (granularity === 'day' || granularity === 'week') return formatWith(d, 'd MMM', { locale })
  return formatWith(d, lang === 'id' ? 'd MMM HH.mm' : 'd MMM HH:mm', { locale })
}

/** A bucket key spelt out, for tooltips and tables: "Rabu, 20 April 2022", "April 2022". */
export function formatBucketLong(key: string, granularity: Granularity, lang: Lang = 'id'): string {
  const d = calendarValue(key)
  if (!d) return key
  const locale = DATE_LOCALE[lang]
  if (granularity === 'month') return formatWith(d, 'MMMM yyyy', { locale })
  if (granularity === 'day') return formatWith(d, 'EEEE, d MMMM yyyy', { locale })
  if (granularity === 'week') return `${lang === 'id' ? 'Pekan mulai' : 'Week of'} ${formatWith(d, 'd MMMM yyyy', { locale })}`
  return formatWith(d, lang === 'id' ? "EEEE, d MMMM yyyy HH.mm 'WITA'" : "EEEE, d MMMM yyyy HH:mm 'WITA'", { locale })
}

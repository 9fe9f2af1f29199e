import { addDays, addMonths, dayIn, isDay, WITA } from './dates.ts'

/**
 * The period presets of the filter bar, named as they appear in the URL (Indonesian, so a link
 * someone pastes into a chat reads naturally: `?periode=bulan-lalu`, `?periode=12-bulan`). Names
 * once in use keep their meaning, so shared links keep working.
 */
export const PRESETS = [
  'hari-ini',
  'kemarin',
  '7-hari',
  '30-hari',
  'bulan-ini',
  'bulan-lalu',
  '12-bulan',
  'tahun-ini',
  'tahun-lalu',
  'seluruh-waktu',
  'kustom',
] as const
export type Preset = (typeof PRESETS)[number]
export type RelativePreset = Exclude<Preset, 'kustom'>
export const DEFAULT_PRESET: RelativePreset = '30-hari'

export interface DateRange {
  preset: Preset
  /** First day, "YYYY-MM-DD" in WITA, inclusive. */
  from: string
  /** Last day, "YYYY-MM-DD" in WITA, inclusive. */
  to: string
}

export function isPreset(value: string | null): value is Preset {
  return value !== null && (PRESETS as readonly string[]).includes(value)
}

/**
 * The days a preset covers on the WITA calendar at instant `now`. Ranges that end today count today:
 * "7 hari" is today and the six days before it, "bulan ini" runs from the 1st to today, "12 bulan"
 * from the 1st of the month eleven months back (twelve monthly points, the last one still running).
 * "Seluruh waktu" starts at `firstDay`, the first day with data as the API says (today when none).
 */
export function presetRange(preset: RelativePreset, now: Date, timeZone: string = WITA, firstDay: string | null = null): DateRange {
  const today = dayIn(now, timeZone)
  const month = today.slice(0, 7)
  const year = Number(today.slice(0, 4))
  switch (preset) {
    case 'hari-ini':
      return { preset, from: today, to: today }
    case 'kemarin':
      return { preset, from: addDays(today, -1), to: addDays(today, -1) }
    case '7-hari':
      return { preset, from: addDays(today, -6), to: today }
    case '30-hari':
      return { preset, from: addDays(today, -29), to: today }
    case 'bulan-ini':
      return { preset, from: `${month}-01`, to: today }
    case 'bulan-lalu':
      return { preset, from: `${addMonths(month, -1)}-01`, to: addDays(`${month}-01`, -1) }
    case '12-bulan':
      return { preset, from: `${addMonths(month, -11)}-01`, to: today }
    case 'tahun-ini':
      return { preset, from: `${year}-01-01`, to: today }
    case 'tahun-lalu':
      return { preset, from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }
    case 'seluruh-waktu':
      return { preset, from: firstDay !== null && firstDay < today ? firstDay : today, to: today }
  }
}

export interface RangeContext {
  /** The first day with data, for "seluruh waktu" (null: none known). */
  firstDay?: string | null
  /** The preset of an address without one (the article page opens on the article's whole life). */
  defaultPreset?: RelativePreset
}

/**
 * The range a URL asks for. A custom range of two real days is taken as it is, even when the API will
 * refuse it (reversed, too long, before 2000): the filter bar then shows the API's reason instead of
 * quietly showing another period. Anything else (a typo, a hand-edited link) falls back to the
 * default preset, so a broken link still shows a sensible page.
 */
export function resolveRange(
  preset: string | null,
  from: string | null,
  to: string | null,
  now: Date,
  timeZone: string = WITA,
  context: RangeContext = {},
): DateRange {
  const { firstDay = null, defaultPreset = DEFAULT_PRESET } = context
  if (preset === 'kustom' || (preset === null && from !== null && to !== null)) {
    if (from !== null && to !== null && isDay(from) && isDay(to)) return { preset: 'kustom', from, to }
    return presetRange(defaultPreset, now, timeZone, firstDay)
  }
  if (isPreset(preset) && preset !== 'kustom') return presetRange(preset, now, timeZone, firstDay)
  return presetRange(defaultPreset, now, timeZone, firstDay)
}

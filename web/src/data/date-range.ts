import { addDays, dayIn, daysInclusive, isDay, WITA } from './dates.ts'

/**
 * The period presets of the filter bar, named as they appear in the URL (Indonesian, so a link
 * someone pastes into a chat reads naturally: `?periode=bulan-ini`).
 */
export const PRESETS = ['7-hari', '30-hari', 'bulan-ini', 'tahun-ini', 'kustom'] as const
export type Preset = (typeof PRESETS)[number]
export const DEFAULT_PRESET: Exclude<Preset, 'kustom'> = '30-hari'

/** The longest range the stats API answers (three years); longer custom ranges fall back. */
export const MAX_RANGE_DAYS = 3 * 366

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
 * The days a preset covers on the WITA calendar at instant `now`. "7 hari" ends today and counts
 * today, so it is today and the six days before it; "bulan ini" runs from the 1st to today.
 */
export function presetRange(preset: Exclude<Preset, 'kustom'>, now: Date, timeZone: string = WITA): DateRange {
  const today = dayIn(now, timeZone)
  switch (preset) {
    case '7-hari':
      return { preset, from: addDays(today, -6), to: today }
    case '30-hari':
      return { preset, from: addDays(today, -29), to: today }
    case 'bulan-ini':
      return { preset, from: `${today.slice(0, 7)}-01`, to: today }
    case 'tahun-ini':
      return { preset, from: `${today.slice(0, 4)}-01-01`, to: today }
  }
}

/**
 * The range a URL asks for. A custom range needs two valid days in order and not longer than
 * MAX_RANGE_DAYS; anything else (a typo, a hand-edited link) falls back to the default preset, so a
 * broken link still shows a sensible page instead of an error.
 */
export function resolveRange(preset: string | null, from: string | null, to: string | null, now: Date, timeZone: string = WITA): DateRange {
  if (preset === 'kustom' || (preset === null && from !== null && to !== null)) {
    if (from !== null && to !== null && isDay(from) && isDay(to) && from <= to && daysInclusive(from, to) <= MAX_RANGE_DAYS) {
      return { preset: 'kustom', from, to }
    }
    return presetRange(DEFAULT_PRESET, now, timeZone)
  }
  if (isPreset(preset) && preset !== 'kustom') return presetRange(preset, now, timeZone)
  return presetRange(DEFAULT_PRESET, now, timeZone)
}

import { type DateRange, DEFAULT_PRESET, type RangeContext, type RelativePreset, resolveRange } from './date-range.ts'
import { isRegencyCode } from './regencies.ts'
import { WITA } from './dates.ts'

/**
 * The filter bar's state. It lives in the URL search params (Indonesian names), so a link
 * reproduces the view and the back button undoes a filter change.
 */
export interface Filters {
  range: DateRange
  /** Regency codes ("64.08"), in the order they were picked; empty = the whole province. */
  regions: string[]
  /** Category slug, or null for all. */
  category: string | null
  /** Site id (as text), or null for all. */
  site: string | null
}

export const FILTER_KEYS = {
  preset: 'periode',
  from: 'dari',
  to: 'sampai',
  regions: 'wilayah',
  category: 'kategori',
  site: 'situs',
} as const

/**
 * Reads the filters from URL params; unknown regencies and malformed dates are ignored. `context`
 * gives "seluruh waktu" its first day and a page its own default period.
 */
export function readFilters(params: URLSearchParams, now: Date, timeZone: string = WITA, context: RangeContext = {}): Filters {
  const regions = (params.get(FILTER_KEYS.regions) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((code, i, all) => isRegencyCode(code) && all.indexOf(code) === i)
  return {
    range: resolveRange(params.get(FILTER_KEYS.preset), params.get(FILTER_KEYS.from), params.get(FILTER_KEYS.to), now, timeZone, context),
    regions,
    category: params.get(FILTER_KEYS.category) || null,
    site: /^\d{1,9}$/.test(params.get(FILTER_KEYS.site) ?? '') ? params.get(FILTER_KEYS.site) : null,
  }
}

export interface FilterPatch {
  /** A preset; with 'kustom' give `from` and `to` too. */
  preset?: DateRange['preset']
  from?: string
  to?: string
  regions?: string[]
  category?: string | null
  site?: string | null
}

/**
 * New URL params with `patch` applied. Other params (a table's page, a chosen tab) are kept, except
 * the page number, which goes back to the first page because the rows changed. Defaults (the page's
 * `defaultPreset`) are left out so the plain address stays short.
 */
export function writeFilters(params: URLSearchParams, patch: FilterPatch, defaultPreset: RelativePreset = DEFAULT_PRESET): URLSearchParams {
  const next = new URLSearchParams(params)
  next.delete('halaman')
  if (patch.preset !== undefined) {
    if (patch.preset === 'kustom') {
      next.set(FILTER_KEYS.preset, 'kustom')
      if (patch.from !== undefined) next.set(FILTER_KEYS.from, patch.from)
      if (patch.to !== undefined) next.set(FILTER_KEYS.to, patch.to)
    } else {
      if (patch.preset === defaultPreset) next.delete(FILTER_KEYS.preset)
      else next.set(FILTER_KEYS.preset, patch.preset)
      // A relative preset means "relative to today" when the link is opened again.
      next.delete(FILTER_KEYS.from)
      next.delete(FILTER_KEYS.to)
    }
  }
  if (patch.regions !== undefined) {
    if (patch.regions.length === 0) next.delete(FILTER_KEYS.regions)
    else next.set(FILTER_KEYS.regions, patch.regions.join(','))
  }
  if (patch.category !== undefined) {
    if (patch.category) next.set(FILTER_KEYS.category, patch.category)
    else next.delete(FILTER_KEYS.category)
  }
  if (patch.site !== undefined) {
    if (patch.site) next.set(FILTER_KEYS.site, patch.site)
    else next.delete(FILTER_KEYS.site)
  }
  return next
}

/** The API's query parameters for these filters (stats, exports, lists all share them). */
export function filterQuery(filters: Filters): Record<string, string> {
  const q: Record<string, string> = { from: filters.range.from, to: filters.range.to }
  if (filters.regions.length > 0) q.region = filters.regions.join(',')
  if (filters.category) q.category = filters.category
  if (filters.site) q.site = filters.site
  return q
}

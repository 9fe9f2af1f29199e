import type { Dimension } from '@jangkau/shared'
import type { Lang, Msg } from '../i18n.ts'

/* Indonesian and English names of metrics, dimensions and the values that have no table of names. */

// The names of metrics and dimensions are the API's vocabulary, shared with the dashboard.
export { DIMENSION_NAMES, METRIC_NAMES } from '@jangkau/shared'

const FIXED_VALUE_NAMES: Partial<Record<Dimension, Record<string, Msg>>> = {
  referrer: { '': { id: '(langsung)', en: '(direct)' } },
  device: {
    desktop: { id: 'Desktop', en: 'Desktop' },
    mobile: { id: 'Ponsel', en: 'Mobile' },
    tablet: { id: 'Tablet', en: 'Tablet' },
    other: { id: 'Lainnya', en: 'Other' },
  },
  activity_type: {
    sosialisasi: { id: 'Sosialisasi', en: 'Socialisation' },
    bimtek: { id: 'Bimtek', en: 'Technical guidance' },
    pelatihan: { id: 'Pelatihan', en: 'Training' },
    produksi_konten: { id: 'Produksi konten', en: 'Content production' },
    rapat_koordinasi: { id: 'Rapat koordinasi', en: 'Coordination meeting' },
    pembinaan: { id: 'Pembinaan', en: 'Guidance visit' },
    monev: { id: 'Monev', en: 'Monitoring and evaluation' },
    lomba: { id: 'Lomba', en: 'Competition' },
    lainnya: { id: 'Lainnya', en: 'Other' },
  },
}

export const UNKNOWN: Msg = { id: '(tidak diketahui)', en: '(unknown)' }
/** After the name of a category a portal sent that no admin mapped yet (CSV). */
export const UNMAPPED_SUFFIX: Msg = { id: '(belum dipetakan)', en: '(not yet mapped)' }
export const TOTAL_SERIES: Msg = { id: 'Semua', en: 'All' }
export const PREVIOUS_SUFFIX: Msg = { id: 'periode pembanding', en: 'comparison period' }
export const CHANGE_SUFFIX: Msg = { id: 'perubahan %', en: 'change %' }

/**
 * The label of a value that needs no lookup: dates, authors, referrer hosts, devices, browsers, activity types,
 * and "" (unknown). Null when the dimension's names live in a table (sites, regions, …).
 */
export function fixedLabel(dimension: Dimension, key: string, lang: Lang): string | null {
  const fixed = FIXED_VALUE_NAMES[dimension]?.[key]
  if (fixed) return fixed[lang]
  if (key === '') return UNKNOWN[lang]
  if (dimension === 'day' || dimension === 'week' || dimension === 'month' || dimension === 'author' || dimension === 'referrer') return key
  if (dimension === 'browser') return key
  return null
}

import type { Dimension, Metric } from '@jangkau/shared'

/** Indonesian and English names of metrics, dimensions and the values that have no table of names. */
export type Lang = 'id' | 'en'

export const METRIC_NAMES: Record<Metric, Record<Lang, string>> = {
  views: { id: 'Tayangan', en: 'Views' },
  imported_views: { id: 'Tayangan impor (penghitung lama)', en: 'Imported views (old counter)' },
  visitors: { id: 'Pengunjung harian per artikel', en: 'Daily visitors per article' },
  articles: { id: 'Artikel terbit', en: 'Articles published' },
  kim_groups: { id: 'KIM terdaftar', en: 'KIM groups' },
  kim_active: { id: 'KIM aktif', en: 'Active KIM groups' },
  activities: { id: 'Kegiatan KIM', en: 'KIM activities' },
  participants: { id: 'Peserta kegiatan', en: 'Activity participants' },
  coverage: { id: 'Cakupan desa (%)', en: 'Village coverage (%)' },
}

export const DIMENSION_NAMES: Record<Dimension, Record<Lang, string>> = {
  day: { id: 'Tanggal', en: 'Date' },
  week: { id: 'Minggu mulai', en: 'Week starting' },
  month: { id: 'Bulan', en: 'Month' },
  site: { id: 'Situs', en: 'Site' },
  region: { id: 'Wilayah', en: 'Region' },
  category: { id: 'Kategori', en: 'Category' },
  author: { id: 'Penulis', en: 'Author' },
  article: { id: 'Artikel', en: 'Article' },
  referrer: { id: 'Perujuk', en: 'Referrer' },
  device: { id: 'Perangkat', en: 'Device' },
  kim_group: { id: 'Kelompok KIM', en: 'KIM group' },
  activity_type: { id: 'Jenis kegiatan', en: 'Activity type' },
}

const FIXED_VALUE_NAMES: Partial<Record<Dimension, Record<string, Record<Lang, string>>>> = {
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

export const UNKNOWN: Record<Lang, string> = { id: '(tidak diketahui)', en: '(unknown)' }
/** After the name of a category a portal sent that no admin mapped yet (CSV). */
export const UNMAPPED_SUFFIX: Record<Lang, string> = { id: '(belum dipetakan)', en: '(not yet mapped)' }
export const TOTAL_SERIES: Record<Lang, string> = { id: 'Semua', en: 'All' }
export const PREVIOUS_SUFFIX: Record<Lang, string> = { id: 'periode pembanding', en: 'comparison period' }
export const CHANGE_SUFFIX: Record<Lang, string> = { id: 'perubahan %', en: 'change %' }

/**
 * The label of a value that needs no lookup: dates, authors, referrer hosts, devices, activity types,
 * and "" (unknown). Null when the dimension's names live in a table (sites, regions, …).
 */
export function fixedLabel(dimension: Dimension, key: string, lang: Lang): string | null {
  const fixed = FIXED_VALUE_NAMES[dimension]?.[key]
  if (fixed) return fixed[lang]
  if (key === '') return UNKNOWN[lang]
  if (dimension === 'day' || dimension === 'week' || dimension === 'month' || dimension === 'author' || dimension === 'referrer') return key
  return null
}

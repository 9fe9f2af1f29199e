import { formatVillagePercent, type MonthlyReport, type ReportChange } from '@jangkau/shared'
import type { Lang, Msg } from '../i18n.ts'

/*
 * The words of the monthly report: month names, number formats and the short sentences at its top.
 * Pure functions of the report's numbers, so the sentences can never say something the tables do not.
 * Indonesian numbers as people write them (1.234; 12,5%), English in British style (1,234; 12.5%).
 */

const MONTHS: Record<Lang, string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
}

const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' }
const MINUS = '\u2212'

/** "2026-10" → "Oktober 2026" / "October 2026". */
export function monthLabel(month: string, lang: Lang): string {
  const [year, m] = month.split('-')
  return `${MONTHS[lang][Number(m) - 1]} ${year}`
}

/** "2026-10-15" → "15 Oktober 2026". */
export function dayLabel(day: string, lang: Lang): string {
  return `${Number(day.slice(8, 10))} ${monthLabel(day.slice(0, 7), lang)}`
}

/** 1234 → "1.234" (id) / "1,234" (en); at most one decimal. */
export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 1 }).format(value)
}

/** 12.5 → "12,5%" (id) / "12.5%" (en): a percent that is already × 100. */
export function formatPercent(value: number, lang: Lang): string {
  return `${formatNumber(value, lang)}%`
}

/** +1.372 / −120 / 0, with a real minus sign. */
export function formatSigned(value: number, lang: Lang): string {
  if (value > 0) return `+${formatNumber(value, lang)}`
  if (value < 0) return `${MINUS}${formatNumber(-value, lang)}`
  return '0'
}

const PROVINCE: Msg = { id: 'Provinsi Kalimantan Timur', en: 'East Kalimantan Province' }

export function provinceLabel(lang: Lang): string {
  return PROVINCE[lang]
}

export function reportTitle(month: string, regionLabel: string | null, lang: Lang): string {
  const base = lang === 'id' ? `Laporan Bulanan Jangkau: ${monthLabel(month, lang)}` : `Jangkau monthly report: ${monthLabel(month, lang)}`
  return regionLabel ? `${base}, ${regionLabel}` : base
}

/** "A, B dan C" / "A, B and C". */
function listOf(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${lang === 'id' ? 'dan' : 'and'} ${items[items.length - 1]}`
}

/** How views moved against a base month, as the end of a sentence. */
function changeClause(change: ReportChange, baseLabel: string, lang: Lang): string {
  if (change.percent === null) {
    return lang === 'id'
      ? `Belum ada tayangan pada ${baseLabel} untuk dibandingkan.`
      : `There were no views in ${baseLabel} to compare with.`
  }
  if (change.absolute === 0) {
    return lang === 'id' ? `Dibanding ${baseLabel}, tayangan tidak berubah.` : `Compared with ${baseLabel}, views did not change.`
  }
  const percent = formatPercent(Math.abs(change.percent), lang)
  const absolute = formatSigned(change.absolute, lang)
  if (lang === 'id') return `Dibanding ${baseLabel}, tayangan ${change.absolute > 0 ? 'naik' : 'turun'} ${percent} (${absolute}).`
  return `Compared with ${baseLabel}, views ${change.absolute > 0 ? 'rose' : 'fell'} by ${percent} (${absolute}).`
}

/**
 * The summary a Kepala Dinas reads in a minute: reach, its change against the previous month and
 * the same month last year, the regencies, the top article and category, KIM. One idea a sentence.
 */
export function reportSentences(report: Omit<MonthlyReport, 'sentences'>, today: string): string[] {
  const lang = report.lang
  const n = (value: number) => formatNumber(value, lang)
  const id = lang === 'id'
  const sentences: string[] = []

  if (!report.complete) {
    sentences.push(
      id
        ? `Bulan ini belum selesai: angka sampai ${dayLabel(today, lang)}.`
        : `This month is not over yet: figures up to ${dayLabel(today, lang)}.`,
    )
  }

  const { totals } = report
  const where = report.region ? (id ? ` tentang ${report.regionLabel}` : ` about ${report.regionLabel}`) : ''
  sentences.push(
    id
      ? `Pada ${report.monthLabel}, artikel${where} dilihat ${n(totals.views)} kali oleh ${n(totals.visitors)} pengunjung harian, ` +
          `dan ${n(totals.articles)} artikel baru terbit.`
      : `In ${report.monthLabel}, articles${where} were viewed ${n(totals.views)} times by ${n(totals.visitors)} daily visitors, ` +
          `and ${n(totals.articles)} new articles were published.`,
  )
  if (totals.importedViews > 0) {
    sentences.push(
      id
        ? `${n(totals.importedViews)} di antaranya diimpor dari penghitung lama portal (tanpa data pengunjung).`
        : `${n(totals.importedViews)} of them were imported from the portal's old counter (no visitor data).`,
    )
  }
  sentences.push(changeClause(report.change.previousMonth.views, report.previousMonth.label, lang))
  sentences.push(changeClause(report.change.yearAgo.views, report.yearAgoMonth.label, lang))

  const ranked = report.regencies
  if (report.region) {
    const own = ranked.find((r) => r.code === report.region)
    if (own) {
      sentences.push(
        id
          ? `${own.label} berada di peringkat ${own.rank} dari ${ranked.length} kabupaten/kota menurut tayangan.`
          : `${own.label} ranks ${own.rank} of ${ranked.length} regencies and cities by views.`,
      )
    }
  } else {
    const viewed = ranked.filter((r) => r.views > 0)
    if (viewed.length > 0) {
      const top = listOf(
        viewed.slice(0, 3).map((r) => `${r.label} (${n(r.views)})`),
        lang,
      )
      sentences.push(id ? `Tayangan terbanyak: ${top}.` : `Most views: ${top}.`)
      const none = ranked.filter((r) => r.views === 0)
      if (none.length > 0) {
        const names = listOf(
          none.map((r) => r.label),
          lang,
        )
        sentences.push(id ? `Tanpa tayangan: ${names}.` : `No views: ${names}.`)
      } else if (viewed.length > 3) {
        const last = viewed[viewed.length - 1]!
        sentences.push(id ? `Paling sedikit: ${last.label} (${n(last.views)}).` : `Fewest: ${last.label} (${n(last.views)}).`)
      }
    }
  }

  const article = report.topArticles[0]
  if (article) {
    // A confirmed title in quotes; else the article's path, as it is (not a title anyone wrote).
    const name = article.titleConfirmed ? `“${article.title}”` : article.title
    sentences.push(
      id ? `Artikel terpopuler: ${name} (${n(article.views)} kali dilihat).` : `Most read article: ${name} (${n(article.views)} views).`,
    )
  }
  const category = report.topCategories[0]
  if (category && category.share !== null) {
    sentences.push(
      id
        ? `Kategori paling banyak dibaca: ${category.label} (${formatPercent(category.share, lang)} dari tayangan).`
        : `Most read category: ${category.label} (${formatPercent(category.share, lang)} of views).`,
    )
  }

  const kim = report.kim
  if (kim.groups === 0) {
    sentences.push(id ? 'Belum ada KIM terdaftar.' : 'No KIM group is registered.')
  } else {
    sentences.push(
      id
        ? `Dari ${n(kim.groups)} KIM terdaftar, ${n(kim.active)} aktif dan ${n(kim.dormant)} vakum; ` +
            `${formatVillagePercent(kim.coverage, lang)} desa/kelurahan sudah memiliki KIM, ` +
            `${formatVillagePercent(kim.activeCoverage, lang)} memiliki KIM aktif.`
        : `Of ${n(kim.groups)} registered KIM groups, ${n(kim.active)} are active and ${n(kim.dormant)} dormant; ` +
            `${formatVillagePercent(kim.coverage, lang)} of villages have a KIM, ` +
            `${formatVillagePercent(kim.activeCoverage, lang)} an active one.`,
    )
  }
  const type = kim.byType[0]
  if (kim.activities === 0 || !type) {
    sentences.push(id ? 'Tidak ada kegiatan KIM yang tercatat bulan ini.' : 'No KIM activity was recorded this month.')
  } else {
    sentences.push(
      id
        ? `Tercatat ${n(kim.activities)} kegiatan KIM dengan ${n(kim.participants)} peserta, ` +
            `terbanyak ${type.label.toLowerCase()} (${n(type.activities)} kegiatan).`
        : `${n(kim.activities)} KIM activities were recorded with ${n(kim.participants)} participants, ` +
            `most of them ${type.label.toLowerCase()} (${n(type.activities)}).`,
    )
  }
  return sentences
}

import { dayIn, type MonthlyReport } from '@jangkau/shared'
import { dayLabel } from './sentences.ts'

/*
 * The running foot of every PDF page: the report's period and scope, when it was made, and
 * "Halaman 1 dari 3". Chromium prints it in the page's bottom margin from an HTML template, filling
 * the elements of class pageNumber and totalPages itself. A template has none of the page's styles,
 * and its default font size is too small to read, so everything is set inline.
 */

const WORDS = {
  id: { made: 'Dibuat', page: 'Halaman', of: 'dari', partial: 'sementara' },
  en: { made: 'Made', page: 'Page', of: 'of', partial: 'partial' },
} as const

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** "2 Desember 2026 16.46 WITA" / "2 December 2026 16:46 WITA": the moment in the report's zone. */
export function madeAt(iso: string, lang: 'id' | 'en', timeZone: string): string {
  const at = new Date(iso)
  const time = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
  return `${dayLabel(dayIn(at, timeZone), lang)} ${time} ${timeZone === 'Asia/Makassar' ? 'WITA' : timeZone}`
}

/** The footer's text without the page numbers: "Oktober 2026 · Provinsi Kalimantan Timur · Dibuat 2 November 2026 08.00 WITA". */
export function footerText(report: MonthlyReport): string {
  const w = WORDS[report.lang]
  const period = report.complete ? report.monthLabel : `${report.monthLabel} (${w.partial})`
  return `${period} · ${report.regionLabel} · ${w.made} ${madeAt(report.generatedAt, report.lang, report.timeZone)}`
}

/** Chromium's footerTemplate for page.pdf: the footer text on the left, "Halaman N dari M" on the right. */
export function pdfFooterTemplate(report: MonthlyReport): string {
  const w = WORDS[report.lang]
  return (
    '<div style="width:100%;margin:0 14mm;display:flex;justify-content:space-between;gap:8px;' +
    'font-family:system-ui,sans-serif;font-size:8px;color:#4a5663;">' +
    `<span>${escapeHtml(footerText(report))}</span>` +
    `<span style="white-space:nowrap">${w.page} <span class="pageNumber"></span> ${w.of} <span class="totalPages"></span></span>` +
    '</div>'
  )
}

import type { MonthlyReport, ReportChange } from '@jangkau/shared'
import { formatNumber, formatSigned } from './sentences.ts'

/** What a report email says: subject, plain text and HTML with the same content, and the PDF when there is one. */
export interface ReportEmail {
  subject: string
  text: string
  html: string
  attachments: { filename: string; content: Buffer; contentType: string }[]
}

const WORDS = {
  id: {
    subject: 'Laporan bulanan Jangkau',
    soFar: 'Bulan ini belum selesai: angka sampai saat laporan dibuat.',
    keyNumbers: 'Angka utama',
    views: 'Tayangan',
    visitors: 'Pengunjung',
    articles: 'Artikel terbit',
    kim: 'KIM aktif',
    kimValue: (active: string, groups: string, activities: string) => `${active} dari ${groups} grup; ${activities} kegiatan`,
    against: (label: string) => `dari ${label}`,
    pdfAttached: 'Laporan lengkap terlampir sebagai PDF.',
    pdfMissing: 'PDF tidak dapat dibuat di server ini.',
    openAt: 'Buka laporan lengkap di Jangkau:',
    openInApp: 'Laporan lengkap ada di Jangkau, menu Laporan.',
    footer: 'Surel ini dikirim otomatis oleh Jangkau sesuai jadwal laporan yang diatur admin.',
  },
  en: {
    subject: 'Jangkau monthly report',
    soFar: 'This month is not over yet: numbers as of when the report was made.',
    keyNumbers: 'Key numbers',
    views: 'Page views',
    visitors: 'Visitors',
    articles: 'Articles published',
    kim: 'Active KIM',
    kimValue: (active: string, groups: string, activities: string) => `${active} of ${groups} groups; ${activities} activities`,
    against: (label: string) => `vs ${label}`,
    pdfAttached: 'The full report is attached as a PDF.',
    pdfMissing: 'The PDF could not be made on this server.',
    openAt: 'Open the full report in Jangkau:',
    openInApp: 'The full report is in Jangkau, under Reports.',
    footer: 'This email was sent by Jangkau on a report schedule set by an administrator.',
  },
} as const

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** "Laporan bulanan Jangkau — Oktober 2026 (Kabupaten Kutai Timur)". */
export function reportEmailSubject(report: MonthlyReport): string {
  return `${WORDS[report.lang].subject} — ${report.monthLabel} (${report.regionLabel})`
}

/**
 * The email of one monthly report: its summary sentences and key numbers, then the PDF attached
 * (`pdf`) or, when the server cannot make one, a line saying so; and the link to the report page
 * (`link`, when PUBLIC_URL is set). Numbers are formatted for the report's language.
 */
export function composeReportEmail(report: MonthlyReport, options: { pdf: Buffer | null; link: string | null }): ReportEmail {
  const w = WORDS[report.lang]
  // The report's own number formats: 1.234 and +12,5% in Indonesian, 1,234 and +12.5% in English.
  const number = { format: (n: number) => formatNumber(n, report.lang) }
  const change = (c: ReportChange) =>
    c.percent === null ? '' : ` (${formatSigned(c.percent, report.lang)}% ${w.against(report.previousMonth.label)})`
  const vs = report.change.previousMonth
  const numbers: [string, string][] = [
    [w.views, number.format(report.totals.views) + change(vs.views)],
    [w.visitors, number.format(report.totals.visitors) + change(vs.visitors)],
    [w.articles, number.format(report.totals.articles)],
    [w.kim, w.kimValue(number.format(report.kim.active), number.format(report.kim.groups), number.format(report.kim.activities))],
  ]
  const openLine = options.link ? `${w.openAt} ${options.link}` : w.openInApp
  const closing = options.pdf ? [w.pdfAttached, ...(options.link ? [openLine] : [])] : [w.pdfMissing, openLine]
  const heading = `${w.subject} — ${report.monthLabel}`

  const text = [
    heading,
    report.regionLabel,
    '',
    ...report.sentences,
    ...(report.complete ? [] : ['', w.soFar]),
    '',
    `${w.keyNumbers}:`,
    ...numbers.map(([label, value]) => `- ${label}: ${value}`),
    '',
    ...closing,
    '',
    '-- ',
    w.footer,
    '',
  ].join('\n')

  const link = options.link ? `<a href="${escapeHtml(options.link)}">${escapeHtml(options.link)}</a>` : ''
  const html = `<!doctype html>
<html lang="${report.lang}"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1d2733; line-height: 1.5; max-width: 640px">
<h1 style="font-size: 20px; margin-bottom: 0">${escapeHtml(heading)}</h1>
<p style="margin-top: 4px; color: #4a5663">${escapeHtml(report.regionLabel)}</p>
${report.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join('\n')}
${report.complete ? '' : `<p><em>${escapeHtml(w.soFar)}</em></p>`}
<h2 style="font-size: 16px">${escapeHtml(w.keyNumbers)}</h2>
<table style="border-collapse: collapse">
${numbers
  .map(
    ([label, value]) =>
      `<tr><th style="text-align: left; padding: 2px 16px 2px 0; font-weight: normal; color: #4a5663">` +
      `${escapeHtml(label)}</th><td style="padding: 2px 0"><strong>${escapeHtml(value)}</strong></td></tr>`,
  )
  .join('\n')}
</table>
<p>${options.pdf ? escapeHtml(w.pdfAttached) : escapeHtml(w.pdfMissing)} ${
    options.link ? `${escapeHtml(w.openAt)} ${link}` : options.pdf ? '' : escapeHtml(w.openInApp)
  }</p>
<p style="color: #6b7682; font-size: 12px">${escapeHtml(w.footer)}</p>
</body></html>
`
  // The same file name as GET /api/reports/monthly.pdf gives ("laporan-jangkau-2026-10-64-08.pdf").
  const region = report.region ? `-${report.region.replace('.', '-')}` : ''
  return {
    subject: reportEmailSubject(report),
    text,
    html,
    attachments: options.pdf
      ? [{ filename: `laporan-jangkau-${report.month}${region}.pdf`, content: options.pdf, contentType: 'application/pdf' }]
      : [],
  }
}

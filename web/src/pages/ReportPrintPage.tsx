import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { useMonthlyReportQuery } from '../api/use-monthly-report-query.ts'
import { MonthlyReportView, useReportReadyMarker } from '../components/MonthlyReportView.tsx'
import { ErrorState } from '../components/States.tsx'
import { usePageTitle } from '../components/use-page-title.ts'
import { isRegencyCode } from '../data/regencies.ts'
import { isReportMonth } from '../data/report-months.ts'

/**
 * /cetak/laporan/:month?wilayah=64.08&lang=en: the monthly report alone, outside the signed-in
 * frame, for paper. The server prints this page to PDF with Chromium (answering its one API call
 * itself, see server/src/reports/pdf.ts); a signed-in person can open and print it too. The
 * language comes from the address, not from the stored choice, and is not stored.
 */
export default function ReportPrintPage() {
  const { t, i18n } = useTranslation()
  const { month = '' } = useParams()
  const [params] = useSearchParams()
  const lang = params.get('lang') === 'en' ? 'en' : 'id'
  const region = params.get('wilayah')
  const root = useRef<HTMLDivElement>(null)
  const valid = isReportMonth(month) && (region === null || isRegencyCode(region))
  const query = useMonthlyReportQuery({ month, region: region && isRegencyCode(region) ? region : null, lang })

  useEffect(() => {
    if (i18n.language !== lang) void i18n.changeLanguage(lang)
    document.documentElement.lang = lang
  }, [i18n, lang])
  usePageTitle(query.data?.title ?? t('report.title'))

  const languageReady = i18n.language === lang
  const state = !valid || query.isError ? 'error' : query.data && languageReady ? 'shown' : 'loading'
  useReportReadyMarker(root, state)

  return (
    <div ref={root} className="print-page">
      {!valid ? (
        <ErrorState error={new Error('invalid')} what={t('report.what')} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={t('report.what')} />
      ) : state === 'shown' && query.data ? (
        <MonthlyReportView report={query.data} headingLevel={1} />
      ) : (
        <p aria-busy="true">{t('state.loading')}</p>
      )}
    </div>
  )
}

import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { ApiError, localMessage } from '../api/client.ts'
import {
  downloadMonthlyReportPdf,
  type MonthlyReportRequest,
  useMonthlyReportQuery,
  useReportMonthsQuery,
} from '../api/use-monthly-report-query.ts'
import { saveFile } from '../components/DownloadCsv.tsx'
import { MonthlyReportView } from '../components/MonthlyReportView.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { ErrorState } from '../components/States.tsx'
import { dayIn } from '../data/dates.ts'
import { formatBucketLong } from '../data/format.ts'
import { REGENCIES, isRegencyCode } from '../data/regencies.ts'
import { isReportMonth, lastFullMonth, offeredMonths, reportFileName } from '../data/report-months.ts'
import { useLang } from '../i18n/use-lang.ts'

/** URL parameters of the page: the month and the regency stay in the address, so a report can be shared. */
const MONTH_PARAM = 'bulan'
const REGION_PARAM = 'wilayah'

/**
 * /laporan: the monthly report for leadership, one month and the province or one regency. Prints
 * on A4 from the browser (Cetak) and downloads as PDF when the server has Chromium.
 */
export default function ReportPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const [params, setParams] = useSearchParams()
  const now = new Date()
  const monthParam = params.get(MONTH_PARAM)
  const regionParam = params.get(REGION_PARAM)
  const request: MonthlyReportRequest = {
    month: isReportMonth(monthParam) ? monthParam : lastFullMonth(now),
    region: regionParam && isRegencyCode(regionParam) ? regionParam : null,
    lang,
  }
  const query = useMonthlyReportQuery(request)
  const set = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true },
    )
  const monthId = useId()
  const regionId = useId()
  // Back to the first month with data (the server knows it); until it answers, the last two months.
  const monthsQuery = useReportMonthsQuery()
  const months = offeredMonths(monthsQuery.data ?? { first: null, current: dayIn(now).slice(0, 7) })
  if (!months.includes(request.month)) months.push(request.month)

  return (
    <>
      <div className="no-print">
        <PageHeader
          title={t('report.title')}
          lead={t('report.lead')}
          actions={<ReportActions request={request} pdfAvailable={query.data?.pdfAvailable} disabled={!query.data} />}
        />
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a labelled toolbar of selects sharing the .filter-bar flex layout;
           a fieldset's min-content sizing and legend would break it */}
      <div className="filter-bar report-controls no-print" role="group" aria-label={t('report.choose')}>
        <div className="filter-row">
          <span className="select-field">
            <label htmlFor={monthId}>{t('report.month')}</label>
            <select id={monthId} value={request.month} onChange={(e) => set(MONTH_PARAM, e.target.value)}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {formatBucketLong(`${m}-01`, 'month', lang)}
                  {m === months[0] && monthsQuery.data ? ` (${t('chart.partial')})` : ''}
                </option>
              ))}
            </select>
          </span>
          <span className="select-field">
            <label htmlFor={regionId}>{t('report.region')}</label>
            <select id={regionId} value={request.region ?? ''} onChange={(e) => set(REGION_PARAM, e.target.value || null)}>
              <option value="">{t('filter.allRegions')}</option>
              {REGENCIES.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.kind === 'kota' ? t('region.city', { name: r.name }) : r.name}
                </option>
              ))}
            </select>
          </span>
        </div>
      </div>
      {query.data?.pdfAvailable === false ? (
        <p className="notice warning no-print" role="status">
          {t('report.pdfUnavailable')}
        </p>
      ) : null}
      {query.isPending ? (
        <div aria-busy="true">
          <Skeleton height={28} width="50%" />
          <Skeleton height={20} lines={6} />
          <Skeleton height={240} />
        </div>
      ) : query.isError ? (
        <ErrorState error={query.error} what={t('report.what')} onRetry={() => void query.refetch()} />
      ) : (
        <MonthlyReportView report={query.data} headingLevel={2} />
      )}
    </>
  )
}

/** "Unduh PDF" (made by the server) and "Cetak" (the browser's print dialog, A4 by the print stylesheet). */
function ReportActions({
  request,
  pdfAvailable,
  disabled,
}: {
  request: MonthlyReportRequest
  pdfAvailable: boolean | undefined
  disabled: boolean
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const download = async () => {
    setBusy(true)
    setError(null)
    try {
      saveFile(reportFileName(request.month, request.region), await downloadMonthlyReportPdf(request))
    } catch (e) {
      setError(e instanceof ApiError && e.code !== 'network_error' ? localMessage(e.message, lang) : t('error.network'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" className="button" onClick={() => void download()} disabled={disabled || busy || pdfAvailable === false}>
        <span aria-hidden="true">⤓ </span>
        {busy ? t('report.preparingPdf') : t('report.downloadPdf')}
      </button>
      <button type="button" className="button secondary" onClick={() => window.print()} disabled={disabled}>
        {t('report.print')}
      </button>
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </>
  )
}

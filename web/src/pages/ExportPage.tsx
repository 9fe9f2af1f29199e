import { MAX_DAY_BUCKET_DAYS, type Metric, withExtension } from '@jangkau/shared'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiDownload, apiUrl, ApiError } from '../api/client.ts'
import { statsQuery } from '../api/use-stats-params.ts'
import { saveFile, xlsxHref } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { useErrorText } from '../components/States.tsx'
import { useFilters } from '../components/use-filters.ts'
import { csvFileName, type Separator, toCommaCsv } from '../data/csv.ts'
import { daysInclusive } from '../data/dates.ts'
import { type Filters, filterQuery } from '../data/filters.ts'
import { formatNumber } from '../data/format.ts'
import { planByFamily } from '../data/stats-plan.ts'
import { useLang } from '../i18n/use-lang.ts'

/** What can be exported. Each stats choice is one metric family, so the server makes one file. */
const DATASETS = [
  'traffic-by-day',
  'traffic-by-region',
  'traffic-by-category',
  'traffic-by-article',
  'kim-by-region',
  'page-views',
  'kim-activities',
] as const
type Dataset = (typeof DATASETS)[number]

/** File names in Indonesian, as the people who open them read them. */
const FILE_NAMES: Record<Dataset, string> = {
  'traffic-by-day': 'tayangan-harian',
  'traffic-by-region': 'tayangan-per-wilayah',
  'traffic-by-category': 'tayangan-per-kategori',
  'traffic-by-article': 'tayangan-per-artikel',
  'kim-by-region': 'kim-per-wilayah',
  'page-views': 'tayangan-mentah',
  'kim-activities': 'kegiatan-kim',
}

/** The API address of a dataset for the chosen filters and language (CSV in ";" form). */
function exportUrl(dataset: Dataset, filters: Filters, lang: 'id' | 'en'): string {
  const stats = (metrics: Metric[], by: Parameters<typeof statsQuery>[1]['by'], endpoint: 'breakdown' | 'timeseries', limit?: number) => {
    const [plan] = planByFamily(metrics, statsQuery(filters, { metrics, by, limit }))
    return apiUrl(`/api/stats/${endpoint}`, { ...plan!.query, format: 'csv', lang })
  }
  const { from, to } = filters.range
  switch (dataset) {
    case 'traffic-by-day':
      // Per day whatever the range (the server's daily buckets reach three years; monthly beyond).
      return stats(['views', 'visitors'], daysInclusive(from, to) <= MAX_DAY_BUCKET_DAYS ? 'day' : 'month', 'timeseries')
    case 'traffic-by-region':
      return stats(['views', 'visitors'], 'region', 'breakdown')
    case 'traffic-by-category':
      return stats(['views', 'visitors'], 'category', 'breakdown', 1000)
    case 'traffic-by-article':
      return stats(['views', 'visitors'], 'article', 'breakdown', 1000)
    case 'kim-by-region':
      return stats(['kim_groups', 'kim_active', 'coverage', 'active_coverage'], 'region', 'breakdown')
    case 'page-views':
      return apiUrl('/api/export/page-views.csv', { ...filterQuery(filters), lang })
    case 'kim-activities': {
      // Raw KIM activities have no category or site.
      const { category: _c, site: _s, ...rest } = filterQuery(filters)
      return apiUrl('/api/export/kim-activities.csv', { ...rest, lang })
    }
  }
}

/** /ekspor: choose data, filters, separator and language; download a CSV for Excel. */
export default function ExportPage() {
  const { t } = useTranslation()
  const uiLang = useLang()
  const [filters] = useFilters()
  const [dataset, setDataset] = useState<Dataset>('traffic-by-day')
  const [separator, setSeparator] = useState<Separator>(';')
  const [fileLang, setFileLang] = useState<'id' | 'en'>(uiLang)
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy'; bytes: number } | { kind: 'done'; bytes: number; name: string } | { kind: 'error'; error: unknown }
  >({ kind: 'idle' })
  const errorText = useErrorText()
  const ids = { dataset: useId(), separator: useId(), lang: useId(), url: useId() }
  const url = exportUrl(dataset, filters, fileLang)
  const fileName = csvFileName(FILE_NAMES[dataset], filters.range.from, filters.range.to, separator === ',' ? 'koma' : '')

  // Fetched (apiDownload) rather than linked, so a refusal (a bad filter) is shown here instead of
  // being saved as a file, an expired session leads to the login page, and the "," form can be
  // made from the server's ";" file.
  const download = async (format: 'csv' | 'xlsx') => {
    setState({ kind: 'busy', bytes: 0 })
    try {
      let blob: Blob
      let name = fileName
      if (format === 'xlsx') {
        // The server writes the workbook (numbers and dates typed); the separator does not apply.
        blob = await apiDownload(xlsxHref(url))
        name = withExtension(fileName.replace(/-koma\.csv$/, '.csv'), 'xlsx')
        saveFile(name, blob)
      } else {
        const text = await (await apiDownload(url)).text()
        const content = separator === ',' ? toCommaCsv(text) : text.replace(/^\uFEFF/, '')
        blob = new Blob(['\uFEFF', content], { type: 'text/csv;charset=utf-8' })
        saveFile(fileName, blob)
      }
      setState({ kind: 'done', bytes: blob.size, name })
    } catch (error) {
      setState({ kind: 'error', error })
    }
  }

  return (
    <>
      <PageHeader title={t('export.title')} lead={t('export.lead')} />
      <FilterBar />
      <form
        className="form-card"
        onSubmit={(e) => {
          e.preventDefault()
          void download('csv')
        }}
        aria-label={t('export.title')}
      >
        <fieldset>
          <legend>{t('export.dataset')}</legend>
          {DATASETS.map((d) => (
            <label key={d} className="check block">
              <input type="radio" name={ids.dataset} value={d} checked={dataset === d} onChange={() => setDataset(d)} />
              <span>
                <strong>{t(`export.datasets.${d}.title`)}</strong>
                <span className="field-hint">{t(`export.datasets.${d}.hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field-row">
          <fieldset>
            <legend>{t('export.separator')}</legend>
            <label className="check block">
              <input type="radio" name={ids.separator} checked={separator === ';'} onChange={() => setSeparator(';')} />{' '}
              {t('export.semicolon')}
            </label>
            <label className="check block">
              <input type="radio" name={ids.separator} checked={separator === ','} onChange={() => setSeparator(',')} /> {t('export.comma')}
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('export.language')}</legend>
            <label className="check block">
              <input type="radio" name={ids.lang} checked={fileLang === 'id'} onChange={() => setFileLang('id')} /> Bahasa Indonesia
            </label>
            <label className="check block" lang="en">
              <input type="radio" name={ids.lang} checked={fileLang === 'en'} onChange={() => setFileLang('en')} /> English
            </label>
          </fieldset>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={state.kind === 'busy'}>
            <span aria-hidden="true">⤓ </span>
            {state.kind === 'busy' ? t('state.preparing') : t('export.download')}
          </button>
          <button type="button" className="button secondary" disabled={state.kind === 'busy'} onClick={() => void download('xlsx')}>
            <span aria-hidden="true">⤓ </span>
            {t('action.downloadXlsx')}
          </button>
        </div>
        <div aria-live="polite">
          {state.kind === 'done' ? (
            <p className="notice success">
              {t('export.done', { name: state.name, kb: formatNumber(Math.max(1, Math.round(state.bytes / 1024)), uiLang) })}
            </p>
          ) : null}
          {state.kind === 'error' ? (
            <p className="notice error" role="alert">
              {t('export.failed')} {state.error instanceof ApiError ? errorText(state.error) : t('error.network')}
            </p>
          ) : null}
        </div>
        <details className="api-url">
          <summary>{t('export.apiAddress')}</summary>
          <p className="field-hint">{t('export.apiHint')}</p>
          <code id={ids.url}>{new URL(url, window.location.origin).toString()}</code>
        </details>
      </form>
    </>
  )
}

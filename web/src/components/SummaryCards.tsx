import { useTranslation } from 'react-i18next'
import type { Metric } from '@jangkau/shared'
import { useSummaryQuery } from '../api/use-summary-query.ts'
import type { Filters } from '../data/filters.ts'
import { formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import { StatCard } from './StatCard.tsx'
import { ErrorState } from './States.tsx'

export const CARD_METRICS: Metric[] = ['views', 'visitors', 'articles', 'kim_active', 'activities']

/** The headline cards, each with its change against the previous period of the same length. */
export function SummaryCards({ filters, metrics = CARD_METRICS }: { filters: Filters; metrics?: Metric[] }) {
  const { t } = useTranslation()
  const lang = useLang()
  // Views may include days imported from the portal's old counter: asked for apart, to say so.
  const asked = metrics.includes('views') ? [...metrics, 'imported_views' as const] : metrics
  const query = useSummaryQuery(filters, { metrics: asked, compare: true })
  if (query.isError) return <ErrorState error={query.error} what={t('overview.summary')} onRetry={() => void query.refetch()} />
  const d = query.data
  const imported = d?.imported_views ?? 0
  const hintOf = (m: Metric) => {
    if (m === 'visitors') return t('metricHint.visitors')
    if (m === 'kim_active') return t('metricHint.kim_active')
    if (m === 'views' && imported > 0) return t('history.importedNote', { n: formatNumber(imported, lang) })
    return undefined
  }
  return (
    <section className="cards" aria-labelledby="summary-title">
      <h2 id="summary-title" className="visually-hidden">
        {t('overview.summary')}
      </h2>
      {metrics.map((m) => (
        <StatCard
          key={m}
          label={t(`metric.${m}`)}
          value={d?.[m]}
          previous={d?.previous?.[m] ?? null}
          change={d?.change?.[m] ?? null}
          hint={hintOf(m)}
          loading={query.isPending}
        />
      ))}
      {query.ignored.length > 0 ? <p className="help-text cards-note">{t('filter.kimIgnores')}</p> : null}
    </section>
  )
}

import { useTranslation } from 'react-i18next'
import { formatChange, formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import { Skeleton } from './Skeleton.tsx'

/**
 * One headline number with its change against the previous period of the same length. The
 * direction is said in words and with an arrow, not by colour alone.
 */
export function StatCard({
  label,
  value,
  previous,
  change,
  hint,
  loading,
}: {
  label: string
  value: number | null | undefined
  previous?: number | null
  /** Percent (25 = +25 %), null when there is nothing to compare with. */
  change?: number | null
  hint?: string
  loading?: boolean
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const direction = change == null ? 'none' : change > 0.05 ? 'up' : change < -0.05 ? 'down' : 'flat'
  return (
    <article className="stat-card" aria-busy={loading || undefined}>
      <h3 className="stat-label">{label}</h3>
      {loading ? (
        <Skeleton height={36} width="70%" />
      ) : (
        <>
          <p className="stat-value">{formatNumber(value, lang)}</p>
          {previous !== undefined ? (
            <p className={`stat-change ${direction}`}>
              <span aria-hidden="true">{direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}</span>
              {change == null
                ? t('card.noComparison')
                : t('card.change', { change: formatChange(change, lang), previous: formatNumber(previous, lang) })}
            </p>
          ) : null}
          {hint ? <p className="stat-hint">{hint}</p> : null}
        </>
      )}
    </article>
  )
}

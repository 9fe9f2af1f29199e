import { useTranslation } from 'react-i18next'

/** A grey placeholder the size of what is loading; the text is for screen readers only. */
export function Skeleton({
  height = 16,
  width = '100%',
  lines = 1,
}: {
  height?: number | string
  width?: number | string
  lines?: number
}) {
  const { t } = useTranslation()
  return (
    <div className="skeleton-group" role="status">
      <span className="visually-hidden">{t('state.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder lines with no identity of their own, never reordered
        <div key={i} className="skeleton" aria-hidden="true" style={{ height, width: lines > 1 && i === lines - 1 ? '60%' : width }} />
      ))}
    </div>
  )
}

import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { TimeSeriesChart } from '../charts/lazy.tsx'
import { addMonths, dayIn } from '../data/dates.ts'
import { formatBucketLong } from '../data/format.ts'
import { activitiesByMonth } from '../data/kim-timeline.ts'
import { useLang } from '../i18n/use-lang.ts'
import { Panel } from './Panel.tsx'
import { Skeleton } from './Skeleton.tsx'

/** Months the group page charts: this one (partial, still running) and the eleven before it. */
const MONTHS = 12

/**
 * A KIM group's activities per month over the last year, on its page (/kim/grup/:id): whether it
 * still meets at a glance. The running month is drawn as partial, like every time chart.
 */
export function KimGroupActivityChart({
  activities,
  loading,
}: {
  activities: readonly { date: string; participants: number }[]
  loading: boolean
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const today = dayIn(new Date())
  const from = `${addMonths(today.slice(0, 7), -(MONTHS - 1))}-01`
  const data = useMemo(() => activitiesByMonth(activities, from, today), [activities, from, today])
  const title = t('kim.byMonth')
  return (
    <Panel title={title} subtitle={`${formatBucketLong(from, 'month', lang)} – ${formatBucketLong(today, 'month', lang)}`}>
      {loading ? (
        <Skeleton height={200} />
      ) : (
        <TimeSeriesChart
          data={data}
          series={[{ key: 'activities', label: t('metric.activities') }]}
          granularity="month"
          lang={lang}
          height={200}
          ariaLabel={title}
        />
      )}
    </Panel>
  )
}

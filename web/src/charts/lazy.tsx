import { type ComponentProps, lazy, Suspense } from 'react'
import { Skeleton } from '../components/Skeleton.tsx'

// recharts and d3-geo are the heaviest code of the dashboard; they load after the page's numbers
// and tables, in their own chunks, so nothing waits for a chart library.
const TimeSeriesChartLazy = lazy(() => import('./TimeSeriesChart.tsx'))
const BarListChartLazy = lazy(() => import('./BarListChart.tsx'))
const RegencyMapLazy = lazy(() => import('./RegencyMap.tsx'))

function ChartFallback({ height }: { height: number }) {
  return <Skeleton height={height} />
}

export function TimeSeriesChart(props: ComponentProps<typeof TimeSeriesChartLazy>) {
  return (
    <Suspense fallback={<ChartFallback height={props.height ?? 280} />}>
      <TimeSeriesChartLazy {...props} />
    </Suspense>
  )
}

export function BarListChart(props: ComponentProps<typeof BarListChartLazy>) {
  return (
    <Suspense fallback={<ChartFallback height={Math.max(120, props.data.length * 34 + 40)} />}>
      <BarListChartLazy {...props} />
    </Suspense>
  )
}

export function RegencyMap(props: ComponentProps<typeof RegencyMapLazy>) {
  return (
    <Suspense fallback={<ChartFallback height={360} />}>
      <RegencyMapLazy {...props} />
    </Suspense>
  )
}

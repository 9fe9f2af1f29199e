import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts'
import { formatBucket, formatBucketLong, formatCompact, formatNumber, type Lang } from '../data/format.ts'
import type { FilledPoint, Granularity } from '../data/series.ts'
import { AXIS_TEXT, GRID, seriesColor, seriesDash } from './palette.ts'

export interface SeriesSpec {
  /** Property of each point holding this series' values. */
  key: string
  label: string
}

export interface TimeSeriesChartProps {
  /** Gap-filled points (data/series.ts): one per bucket, a number per series key. */
  data: readonly FilledPoint[]
  series: readonly SeriesSpec[]
  granularity: Granularity
  lang: Lang
  /** What the chart shows, for screen readers ("Tayangan per hari, 1–30 Nov 2026"). */
  ariaLabel: string
  height?: number
}

/**
 * Values over time, one line per series. Recharts' accessibility layer lets keyboard users step
 * through the points with the arrow keys; the tooltip spells the bucket and values out.
 */
export default function TimeSeriesChart({ data, series, granularity, lang, ariaLabel, height = 280 }: TimeSeriesChartProps) {
  const renderTooltip = ({ active, payload, label }: TooltipContentProps) => {
    if (!active || !payload?.length) return null
    return (
      <div className="chart-tooltip">
        <p className="chart-tooltip-title">{formatBucketLong(String(label), granularity, lang)}</p>
        <ul>
          {payload.map((entry) => (
            <li key={String(entry.dataKey)}>
              <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
              {entry.name}: <strong>{formatNumber(Number(entry.value), lang)}</strong>
            </li>
          ))}
        </ul>
      </div>
    )
  }
  return (
    <figure className="chart" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data as FilledPoint[]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis
            dataKey="date"
            tickFormatter={(v: string) => formatBucket(v, granularity, lang)}
            tick={{ fill: AXIS_TEXT, fontSize: 12 }}
            minTickGap={24}
            tickLine={false}
            axisLine={{ stroke: GRID }}
          />
          <YAxis
            tickFormatter={(v: number) => formatCompact(v, lang)}
            tick={{ fill: AXIS_TEXT, fontSize: 12 }}
            width={56}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
          />
          <Tooltip content={renderTooltip} />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} /> : null}
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={seriesColor(i)}
              strokeDasharray={seriesDash(i)}
              strokeWidth={2.25}
              dot={data.length <= 31 ? { r: 2.5 } : false}
              activeDot={{ r: 5 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}

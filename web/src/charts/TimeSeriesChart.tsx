import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts'
import { WITA } from '../data/dates.ts'
import { formatBucket, formatBucketLong, formatCompact, formatNumber, type Lang } from '../data/format.ts'
import { type FilledPoint, type Granularity, isPartialBucket, partialKey, runningBucket, splitPartial } from '../data/series.ts'
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
  /**
   * The moment the data is "now" for (default: the current time). The bucket containing it in
   * `timeZone` is still running: drawn lighter and dashed and marked "sementara" / "partial".
   * The monthly report passes the moment it was made, so its PDF says the same as the page.
   */
  now?: Date
  timeZone?: string
}

/** How the still-running part of a line looks: the series' colour, lighter, in short dashes. */
const PARTIAL_DASH = '3 4'
const PARTIAL_OPACITY = 0.55

/**
 * Values over time, one line per series. Recharts' accessibility layer lets keyboard users step
 * through the points with the arrow keys; the tooltip spells the bucket and values out.
 */
export default function TimeSeriesChart({
  data,
  series,
  granularity,
  lang,
  ariaLabel,
  height = 280,
  now,
  timeZone = WITA,
}: TimeSeriesChartProps) {
  const { t } = useTranslation()
  const running = runningBucket(granularity, now ?? new Date(), timeZone)
  const keys = useMemo(() => series.map((s) => s.key), [series])
  const points = useMemo(() => splitPartial(data, keys, running), [data, keys, running])
  const hasPartial = data.some((p) => isPartialBucket(p.date, running))
  const partialWord = t('chart.partial', { lng: lang })
  const renderTooltip = ({ active, payload, label }: TooltipContentProps) => {
    if (!active || !payload?.length) return null
    const partial = isPartialBucket(String(label), running)
    // A point carries both lines' keys where they meet: show each series once, from the line it belongs to.
    const shown = payload.filter((entry) => String(entry.dataKey).endsWith(partialKey('')) === partial && entry.value != null)
    if (shown.length === 0) return null // a bucket that has not begun
    return (
      <div className="chart-tooltip">
        <p className="chart-tooltip-title">
          {formatBucketLong(String(label), granularity, lang)}
          {partial ? <span className="chart-partial-tag"> ({partialWord})</span> : null}
        </p>
        <ul>
          {shown.map((entry) => (
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
    <figure className="chart" aria-label={ariaLabel} data-partial={hasPartial ? running : undefined}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer>
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
          {hasPartial
            ? series.map((s, i) => (
                <Line
                  key={partialKey(s.key)}
                  className="series-partial"
                  type="monotone"
                  dataKey={partialKey(s.key)}
                  name={s.label}
                  legendType="none"
                  stroke={seriesColor(i)}
                  strokeOpacity={PARTIAL_OPACITY}
                  strokeDasharray={PARTIAL_DASH}
                  strokeWidth={2.25}
                  dot={{ r: 3, fill: '#ffffff', strokeOpacity: 1 }}
                  activeDot={{ r: 5 }}
                  isAnimationActive={false}
                />
              ))
            : null}
        </LineChart>
      </ResponsiveContainer>
      {hasPartial ? (
        <figcaption className="chart-partial-note">
          <svg width="28" height="8" aria-hidden="true">
            <line
              x1="0"
              y1="4"
              x2="28"
              y2="4"
              stroke={seriesColor(0)}
              strokeOpacity={PARTIAL_OPACITY}
              strokeWidth="2.25"
              strokeDasharray={PARTIAL_DASH}
            />
          </svg>
          <span>
            <strong>{partialWord}</strong>: {t(`chart.running.${granularity}`, { lng: lang })}
          </span>
        </figcaption>
      ) : null}
    </figure>
  )
}

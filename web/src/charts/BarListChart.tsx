import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts'
import { formatCompact, formatNumber, type Lang } from '../data/format.ts'
import { AXIS_TEXT, GRID, SERIES_COLORS } from './palette.ts'

export interface BarItem {
  key: string
  label: string
  value: number
}

export interface BarListChartProps {
  data: readonly BarItem[]
  metricLabel: string
  lang: Lang
  ariaLabel: string
  /** Keys drawn highlighted (the chosen regencies). */
  highlighted?: readonly string[]
}

/** A ranking as horizontal bars (labels stay readable on a phone), largest first as given. */
export default function BarListChart({ data, metricLabel, lang, ariaLabel, highlighted = [] }: BarListChartProps) {
  const height = Math.max(120, data.length * 34 + 40)
  const renderTooltip = ({ active, payload }: TooltipContentProps) => {
    const entry = payload?.[0]
    if (!active || !entry) return null
    const item = entry.payload as BarItem
    return (
      <div className="chart-tooltip">
        <p className="chart-tooltip-title">{item.label}</p>
        <p>
          {metricLabel}: <strong>{formatNumber(item.value, lang)}</strong>
        </p>
      </div>
    )
  }
  return (
    <figure className="chart" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data as BarItem[]} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }} accessibilityLayer>
          <CartesianGrid stroke={GRID} horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatCompact(v, lang)}
            tick={{ fill: AXIS_TEXT, fontSize: 12 }}
            axisLine={false}
            tickLine={false}
            allowDecimals={false}
          />
          <YAxis type="category" dataKey="label" width={140} tick={{ fill: AXIS_TEXT, fontSize: 12 }} axisLine={false} tickLine={false} />
          <Tooltip content={renderTooltip} cursor={{ fill: '#f1f4f7' }} />
          <Bar dataKey="value" name={metricLabel} radius={[0, 3, 3, 0]} isAnimationActive={false} maxBarSize={22}>
            {data.map((d) => (
              <Cell key={d.key} fill={highlighted.length === 0 || highlighted.includes(d.key) ? SERIES_COLORS[0] : '#7890a8'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  )
}

import { Type, type Static, type TSchema } from 'typebox'
import { StatsQueryParams } from './stats-query.ts'

/** The answers of the stats endpoints (summary, breakdown, timeseries, compare, realtime). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** One value per requested metric (metrics that were not asked for are absent). */
export const MetricValues = Type.Object({
  views: Type.Optional(Type.Integer()),
  imported_views: Type.Optional(Type.Integer({ description: "the part of views imported from the portal's own counter" })),
  visitors: Type.Optional(Type.Integer()),
  articles: Type.Optional(Type.Integer()),
  kim_groups: Type.Optional(Type.Integer()),
  kim_active: Type.Optional(Type.Integer()),
  activities: Type.Optional(Type.Integer()),
  participants: Type.Optional(Type.Integer()),
  coverage: Type.Optional(Type.Number({ description: 'percent of villages with a KIM that is not disbanded, one decimal' })),
  active_coverage: Type.Optional(Type.Number({ description: 'percent of villages with an active KIM, one decimal' })),
})
export type MetricValues = Static<typeof MetricValues>

/** Percent change per metric (12.5 = +12.5 %), null when the previous value is 0. */
export const MetricChanges = Type.Object({
  views: Type.Optional(Nullable(Type.Number())),
  imported_views: Type.Optional(Nullable(Type.Number())),
  visitors: Type.Optional(Nullable(Type.Number())),
  articles: Type.Optional(Nullable(Type.Number())),
  kim_groups: Type.Optional(Nullable(Type.Number())),
  kim_active: Type.Optional(Nullable(Type.Number())),
  activities: Type.Optional(Nullable(Type.Number())),
  participants: Type.Optional(Nullable(Type.Number())),
  coverage: Type.Optional(Nullable(Type.Number())),
  active_coverage: Type.Optional(Nullable(Type.Number())),
})
export type MetricChanges = Static<typeof MetricChanges>

const Range = Type.Object({ from: Type.String(), to: Type.String() })
/** Every answer says what it answered: the range, the comparison range, the zone and the visitor rule. */
const AnswerContext = {
  range: Range,
  previousRange: Type.Optional(Range),
  timeZone: Type.String(),
  visitorsDefinition: Type.String(),
}

export const SummaryAnswer = Type.Object({
  ...MetricValues.properties,
  previous: Type.Optional(MetricValues),
  change: Type.Optional(MetricChanges),
  ...AnswerContext,
})
export type SummaryAnswer = Static<typeof SummaryAnswer>

export const BreakdownRow = Type.Object({
  /** The dimension value: "64.08", a category slug, an article id, a day; "" when unknown (or a direct visit). */
  key: Type.String(),
  label: Type.String(),
  /** by=category: true for a category a portal sent that no admin mapped yet (shown under its own name). */
  unmapped: Type.Optional(Type.Boolean()),
  ...MetricValues.properties,
  previous: Type.Optional(MetricValues),
  change: Type.Optional(MetricChanges),
})
export type BreakdownRow = Static<typeof BreakdownRow>

export const BreakdownAnswer = Type.Object({ by: Type.String(), rows: Type.Array(BreakdownRow), ...AnswerContext })
export type BreakdownAnswer = Static<typeof BreakdownAnswer>

export const TimeseriesPoint = Type.Object({
  /** Start of the bucket: the day, the Monday of the week, the 1st of the month (in tz). */
  date: Type.String(),
  ...MetricValues.properties,
  /** The bucket at the same position in the comparison period. */
  previous: Type.Optional(Type.Object({ date: Nullable(Type.String()), ...MetricValues.properties })),
  change: Type.Optional(MetricChanges),
})
export type TimeseriesPoint = Static<typeof TimeseriesPoint>

export const TimeseriesAnswer = Type.Object({
  by: Type.String(),
  split: Nullable(Type.String()),
  /** One series ("total" without a split), every bucket present (zeros filled). */
  series: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), points: Type.Array(TimeseriesPoint) })),
  ...AnswerContext,
})
export type TimeseriesAnswer = Static<typeof TimeseriesAnswer>

export const CompareCell = Type.Object({
  ...MetricValues.properties,
  previous: Type.Optional(MetricValues),
  change: Type.Optional(MetricChanges),
})
export type CompareCell = Static<typeof CompareCell>

/**
 * A table for side-by-side comparison: one column per value of `split` (e.g. per regency), one row per
 * value of `by` (a day, week, month, or a category…); `cells[columnKey]` holds the metrics.
 */
export const CompareAnswer = Type.Object({
  by: Type.String(),
  split: Type.String(),
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), cells: Type.Record(Type.String(), CompareCell) })),
  ...AnswerContext,
})
export type CompareAnswer = Static<typeof CompareAnswer>

export const RealtimeParams = Type.Object(
  {
    site: StatsQueryParams.properties.site,
    region: StatsQueryParams.properties.region,
    category: StatsQueryParams.properties.category,
    author: StatsQueryParams.properties.author,
    article: StatsQueryParams.properties.article,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Articles listed (default 10).' })),
  },
  { additionalProperties: false },
)
export type RealtimeParams = Static<typeof RealtimeParams>

export const RealtimeAnswer = Type.Object({
  /** Views in the last 30 minutes. */
  views: Type.Integer(),
  /** The most viewed articles of the last 30 minutes. */
  articles: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), url: Type.String(), views: Type.Integer() })),
  /** Views per minute, the last 30 minutes (oldest first, every minute present). */
  minutes: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), views: Type.Integer() })),
  /** Views per hour, the last 48 hours (oldest first, every hour present). */
  hours: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), views: Type.Integer() })),
})
export type RealtimeAnswer = Static<typeof RealtimeAnswer>

/** GET /api/stats/first-day: where "all time" begins (the filter bar's "Seluruh waktu", an article's whole life). */
export const FirstDayParams = Type.Object(
  {
    article: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'One article: its publication day or first view.' }),
    ),
  },
  { additionalProperties: false },
)
export type FirstDayParams = Static<typeof FirstDayParams>

export const FirstDayAnswer = Type.Object({
  /** The first day with data (YYYY-MM-DD in timeZone), or null when there is none yet. */
  firstDay: Nullable(Type.String()),
  /** Today in timeZone: "all time" runs from firstDay to this day. */
  today: Type.String(),
  timeZone: Type.String(),
})
export type FirstDayAnswer = Static<typeof FirstDayAnswer>

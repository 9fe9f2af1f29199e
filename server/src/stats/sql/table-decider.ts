import { addDays, monthStart, nextMonthStart, type DayRange, type Dimension, type StatsQuery } from '@jangkau/shared'

/*
 * Which table answers a page-view query (Plausible's table decider): the level of detail it needs,
 * the referrer or device facet, and the day and month rows that cover its range.
 */

/**
 * Where page-view counts come from. `segment`: the segment rollups, enough unless the query names an
 * author or article; `article`: the article rollups; `raw`: page_views itself, for days in another
 * zone than the rollups' (their day boundaries differ, so no rollup can answer exactly).
 */
export type Level = 'segment' | 'article' | 'raw'

export function levelOf(q: StatsQuery, rollupTimeZone: string): Level {
  // No rollup keeps browsers: they are counted from the stored page views, which the query parser
  // allows only for named articles (browser_needs_article), so this reads an article's few rows.
  if (q.timeZone !== rollupTimeZone || facetOf(q) === 'browser') return 'raw'
  const articleDimension = [q.by, q.split].some((d) => d === 'author' || d === 'article')
  return articleDimension || q.filters.author.length > 0 || q.filters.article.length > 0 ? 'article' : 'segment'
}

export type Facet = 'referrer_host' | 'device' | 'browser'
/** The facets that have rollup tables. */
export type RollupFacet = Exclude<Facet, 'browser'>

/** The referrer, device or browser column the query needs, if any. */
export function facetOf(q: StatsQuery): Facet | null {
  if (q.by === 'referrer' || q.split === 'referrer') return 'referrer_host'
  if (q.by === 'device' || q.split === 'device') return 'device'
  if (q.by === 'browser' || q.split === 'browser') return 'browser'
  return null
}

const ROLLUP_TABLES = {
  article: { none: 'rollup_views', referrer_host: 'rollup_referrers', device: 'rollup_devices' },
  segment: { none: 'rollup_segment_views', referrer_host: 'rollup_segment_referrers', device: 'rollup_segment_devices' },
} as const

/** The rollup table of a level and facet. */
export function rollupTable(
  level: 'segment' | 'article',
  facet: RollupFacet | null,
): (typeof ROLLUP_TABLES)[typeof level][RollupFacet | 'none'] {
  return ROLLUP_TABLES[level][facet ?? 'none']
}

/** Dimensions whose page-view key is a column of the article (or of its segment). */
const DIMENSIONS_NEEDING_ARTICLES: readonly Dimension[] = ['site', 'region', 'category', 'author']

/** True when article-level rows must be joined to their article (for a key or a filter). */
export function needsArticles(q: StatsQuery): boolean {
  const { site, region, category, author } = q.filters
  return (
    site.length > 0 ||
    region.length > 0 ||
    category.length > 0 ||
    author.length > 0 ||
    [q.by, q.split].some((d) => d !== null && DIMENSIONS_NEEDING_ARTICLES.includes(d))
  )
}

export interface GrainPiece {
  grain: 'day' | 'month'
  /** First and last period, inclusive (for months: the 1st of the first and of the last month). */
  from: string
  to: string
}

/**
 * The fewest rollup rows that cover a range: whole months from month rows, the days before and after
 * them from day rows. Day and week buckets need day rows throughout. Pure, for unit tests.
 */
export function planGrains(range: DayRange, bucket: Dimension | null): GrainPiece[] {
  if (bucket === 'day' || bucket === 'week') return [{ grain: 'day', ...range }]
  const firstWholeMonth = range.from === monthStart(range.from) ? range.from : nextMonthStart(range.from)
  const endOfWholeMonths = addDays(range.to, 1) === nextMonthStart(range.to) ? nextMonthStart(range.to) : monthStart(range.to)
  if (firstWholeMonth >= endOfWholeMonths) return [{ grain: 'day', ...range }]
  const pieces: GrainPiece[] = []
  if (range.from < firstWholeMonth) pieces.push({ grain: 'day', from: range.from, to: addDays(firstWholeMonth, -1) })
  pieces.push({ grain: 'month', from: firstWholeMonth, to: addDays(endOfWholeMonths, -1) })
  if (endOfWholeMonths <= range.to) pieces.push({ grain: 'day', from: endOfWholeMonths, to: range.to })
  return pieces
}

import { addDays, type DayRange, type StatsQuery } from '@jangkau/shared'
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Db } from '../../db/kysely.ts'
import { dateValue, dayOf, orEmpty, regencyOf, startOfDay } from './expressions.ts'
import { groupByDimensions, type CountRow, type FamilyOptions } from './group-by.ts'
import { pageViewKey } from './keys.ts'
import { facetOf, levelOf, needsArticles, planGrains, rollupTable, type Level } from './table-decider.ts'
import { articleConditions, segmentConditions, whereAll } from './where.ts'

/*
 * Page views (views, imported_views, visitors): the segment rollups (per site, regency, category:
 * rollup_segment_*) when the query needs nothing finer; else the article rollups (rollup_views /
 * _referrers / _devices) joined to articles for the author and article; page_views itself for another
 * zone. Day and month rows (planGrains). Both rollup levels reflect each article's site, region and
 * category as they are *now*. Plus the days imported from the portal's own counter
 * (imported_daily_views), which add to views and are counted apart as imported_views.
 */

/**
 * A row of the source `r`. Which key columns it has depends on the level: site_id, region_code and
 * category_id for segments, article_id otherwise; referrer_host or device with a facet.
 */
interface SourceRow {
  period: string
  site_id: number
  region_code: string
  category_id: number
  article_id: number
  referrer_host: string
  device: string
  browser: string
  views: number
  visitors: number
  imported: number
}
// A subquery: its users see only its rows, whatever tables it reads.
type Source = SelectQueryBuilder<any, any, SourceRow>

/**
 * Rows of (period, <level keys>, [referrer_host | device | browser], views, visitors, imported) for a
 * range. The raw level computes the article rows from page_views (slower; for another time zone, and
 * for browsers, which no rollup keeps).
 */
function pageViewSource(db: Db, q: StatsQuery, range: DayRange, level: Level): Source {
  const facet = facetOf(q)
  let counted: Source
  if (level !== 'raw' && facet !== 'browser') {
    const keys = level === 'segment' ? (['site_id', 'region_code', 'category_id'] as const) : (['article_id'] as const)
    const pieces = planGrains(range, q.by).map((piece) =>
      db
        .selectFrom(rollupTable(level, facet))
        .select(['period', ...keys, ...(facet ? [facet] : []), 'views', 'visitors'])
        .select(sql.lit(0).as('imported'))
        .where('grain', '=', piece.grain)
        .where('period', '>=', dateValue(piece.from))
        .where('period', '<=', dateValue(piece.to))
        .$castTo<SourceRow>(),
    )
    counted = pieces.reduce((all, piece) => all.unionAll(piece))
  } else {
    counted = db
      .selectFrom('page_views')
      .select((eb) => [
        dayOf(eb.ref('occurred_at'), q.timeZone).as('period'),
        'article_id',
        ...(facet === 'referrer_host' ? [orEmpty(eb.ref('referrer_host')).as('referrer_host')] : facet ? [facet] : []),
        eb.fn.countAll().as('views'),
        eb.fn.count('visitor_hash').distinct().as('visitors'),
        sql.lit(0).as('imported'),
      ])
      .where('occurred_at', '>=', startOfDay(range.from, q.timeZone))
      .where('occurred_at', '<', startOfDay(addDays(range.to, 1), q.timeZone))
      .groupBy(['period', 'article_id', ...(facet ? [facet] : [])])
      .$castTo<SourceRow>()
  }
  // Imported days have no referrer, device or browser: a breakdown by any of them leaves them out.
  return facet ? counted : counted.unionAll(importedSource(db, range, level))
}

/**
 * The portal's imported daily counts as source rows: views with no visitors, also counted as
 * `imported`. Their days are WITA days as the portal reported them; a query in another zone gets
 * them on the same calendar days (an imported day cannot be split into hours).
 */
function importedSource(db: Db, range: DayRange, level: Level): Source {
  const qb = db
    .selectFrom('imported_daily_views as d')
    .where('d.day', '>=', dateValue(range.from))
    .where('d.day', '<=', dateValue(range.to))
  if (level !== 'segment') {
    return qb
      .select((eb) => [eb.ref('d.day').as('period'), 'd.article_id', 'd.views as views', sql.lit(0).as('visitors'), 'd.views as imported'])
      .$castTo<SourceRow>()
  }
  return qb
    .innerJoin('articles as ia', 'ia.id', 'd.article_id')
    .select((eb) => [
      eb.ref('d.day').as('period'),
      'ia.site_id',
      orEmpty(regencyOf(eb.ref('ia.region_code'))).as('region_code'),
      eb.fn.coalesce('ia.category_id', sql.lit(0)).as('category_id'),
      'd.views as views',
      sql.lit(0).as('visitors'),
      'd.views as imported',
    ])
    .$castTo<SourceRow>()
}

/** Views, visitors and imported views of a range, by the query's dimensions. */
export function pageViewsQuery(db: Db, q: StatsQuery, range: DayRange, rollupTimeZone: string, options: FamilyOptions) {
  const level = levelOf(q, rollupTimeZone)
  const byCategory = q.by === 'category' || q.split === 'category'
  const from = db.selectFrom(pageViewSource(db, q, range, level).as('r'))
  const joined =
    level === 'segment'
      ? whereAll(
          from.$if(byCategory, (qb) => qb.leftJoin('categories as c', 'c.id', 'r.category_id')),
          segmentConditions(q.filters),
        )
      : whereAll(
          // A category key implies the article join (needsArticles).
          from.$if(needsArticles(q), (qb) =>
            qb
              .innerJoin('articles as a', 'a.id', 'r.article_id')
              .$if(byCategory, (qb) => qb.leftJoin('categories as c', 'c.id', 'a.category_id')),
          ),
          articleConditions(q.filters, sql.ref<number>('r.article_id')),
        )
  const counted = joined.select((eb) => [
    eb.fn.sum('r.views').as('views'),
    eb.fn.sum('r.visitors').as('visitors'),
    eb.fn.sum('r.imported').as('imported_views'),
  ])
  return groupByDimensions(counted, q, (d) => pageViewKey(d, level), options)
}

export type { CountRow }

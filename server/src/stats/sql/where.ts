import type { StatsFilters } from '@jangkau/shared'
import { expressionBuilder, type Expression, type SqlBool } from 'kysely'
import type { ArticlesTable, Database, KimGroupsTable, RollupSegmentViewsTable } from '../../db/tables.ts'
import { regencyOf } from './expressions.ts'

/*
 * The filters of a stats query as conditions (Plausible's where builder), one per filter that has
 * values, to be added with `.where()` to a query that has the alias they name. Each is typed against
 * that alias alone, so any query joining it can use them.
 */

type Condition = Expression<SqlBool>

/** Adds every condition to a query (as separate `where`s, joined by `and`). */
export function whereAll<QB extends { where(condition: Condition): QB }>(query: QB, conditions: Condition[]): QB {
  return conditions.reduce((qb, condition) => qb.where(condition), query)
}

/** The ids of the categories with these slugs (a subquery). */
const categoryIds = (slugs: string[]) => expressionBuilder<Database>().selectFrom('categories').select('id').where('slug', 'in', slugs)

/** Filters over segment rows `r` (no author or article filter reaches the segment level). */
export function segmentConditions(filters: StatsFilters): Condition[] {
  const eb = expressionBuilder<Database & { r: RollupSegmentViewsTable }, 'r'>()
  const conditions: Condition[] = []
  if (filters.site.length) conditions.push(eb('r.site_id', 'in', filters.site))
  if (filters.region.length) conditions.push(eb('r.region_code', 'in', filters.region))
  if (filters.category.length) conditions.push(eb('r.category_id', 'in', categoryIds(filters.category)))
  return conditions
}

/**
 * Article filters over articles `a`, shared by the stats, the realtime numbers and the raw export;
 * `articleId` is the column the article filter applies to (`a.id` or a source's article_id).
 */
export function articleConditions(filters: StatsFilters, articleId: Expression<number>): Condition[] {
  const eb = expressionBuilder<Database & { a: ArticlesTable }, 'a'>()
  const conditions: Condition[] = []
  if (filters.site.length) conditions.push(eb('a.site_id', 'in', filters.site))
  if (filters.region.length) conditions.push(eb(regencyOf(eb.ref('a.region_code')), 'in', filters.region))
  if (filters.category.length) conditions.push(eb('a.category_id', 'in', categoryIds(filters.category)))
  if (filters.author.length) conditions.push(eb('a.author', 'in', filters.author))
  if (filters.article.length) conditions.push(eb(articleId, 'in', filters.article))
  return conditions
}

/** Filters over KIM groups `g`. */
export function kimGroupConditions(filters: StatsFilters): Condition[] {
  const eb = expressionBuilder<Database & { g: KimGroupsTable }, 'g'>()
  const conditions: Condition[] = []
  if (filters.region.length) conditions.push(eb('g.region_code', 'in', filters.region))
  if (filters.kim_group.length) conditions.push(eb('g.id', 'in', filters.kim_group))
  return conditions
}

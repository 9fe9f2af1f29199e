import type { AliasedSelectQueryBuilder, SelectQueryBuilder } from 'kysely'
import type { Db } from '../db/kysely.ts'

/** limit/offset of a list request; the API's schemas default the limit to 50. */
export interface PageRequest {
  limit?: number
  offset?: number
}

/** What every list answers: one page of items and how many match in all. */
export interface Page<T> {
  items: T[]
  total: number
}

const DEFAULT_LIMIT = 50

/** Any SELECT, to be counted as a subquery. */
interface Countable {
  as(alias: 'x'): AliasedSelectQueryBuilder<unknown, 'x'>
}

/**
 * One page of `filtered` and its total, side by side: `order` sorts the page's rows (the count does
 * not need it), and the total counts the rows of `countOf` (default: `filtered` itself), which a
 * caller gives when the same rows can be counted without the page's joins and aggregates.
 */
export async function paged<DB, TB extends keyof DB, O, T>(
  db: Db,
  filtered: SelectQueryBuilder<DB, TB, O>,
  order: (query: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  toItem: (row: O) => T,
  countOf: Countable = filtered,
): Promise<Page<T>> {
  const [rows, count] = await Promise.all([
    order(filtered)
      .limit(page.limit ?? DEFAULT_LIMIT)
      .offset(page.offset ?? 0)
      .execute(),
    db
      .selectFrom(countOf.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: rows.map((row) => toItem(row as O)), total: Number(count.n) }
}

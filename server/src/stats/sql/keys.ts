import { isTimeDimension, type Dimension, type TimeDimension } from '@jangkau/shared'
import { sql, type AliasableExpression, type Expression } from 'kysely'
import { bucketStart, dayText, idText, orEmpty, regencyOf } from './expressions.ts'
import type { Level } from './table-decider.ts'

/*
 * The value of each dimension, per metric family. Keys refer to the aliases every family query uses:
 * r (page-view source rows), a (articles), c (categories), g (kim_groups), k (kim_activities). They are
 * references by name because which of those a query joins is decided at run time.
 */

/**
 * A dimension's value: grouped by as it is (a date, an id) and turned into the text key only once per
 * group, after the aggregation: formatting every rollup row first cost more than the sums.
 */
export type Key =
  | { value: AliasableExpression<string>; as: 'text' }
  | { value: Expression<unknown>; as: 'day' }
  | { value: Expression<unknown>; as: 'id' }

const text = (value: AliasableExpression<string>): Key => ({ value, as: 'text' })
const id = (value: Expression<unknown>): Key => ({ value, as: 'id' })
export const dayKey = (day: AliasableExpression<unknown>, bucket: TimeDimension): Key => ({ value: bucketStart(day, bucket), as: 'day' })

/** The key as text: days "YYYY-MM-DD", ids in digits. */
export function asText(key: Key): AliasableExpression<string> {
  if (key.as === 'day') return dayText(key.value)
  if (key.as === 'id') return idText(key.value)
  return key.value
}

/** A page-view dimension over source `r`, articles `a` (article and raw levels) and categories `c`. */
export function pageViewKey(dimension: Dimension, level: Level): Key {
  switch (dimension) {
    case 'day':
    case 'week':
    case 'month':
      return dayKey(sql.ref('r.period'), dimension)
    case 'site':
      return id(sql.ref(level === 'segment' ? 'r.site_id' : 'a.site_id'))
    case 'region':
      // Segments store the regency already; articles may be about a district or village.
      return text(level === 'segment' ? sql.ref<string>('r.region_code') : orEmpty(regencyOf(sql.ref<string | null>('a.region_code'))))
    case 'category':
      return text(orEmpty(sql.ref<string | null>('c.slug')))
    case 'author':
      return text(orEmpty(sql.ref<string | null>('a.author')))
    case 'article':
      return id(sql.ref('r.article_id'))
    case 'referrer':
      return text(sql.ref<string>('r.referrer_host'))
    case 'device':
      return text(sql.ref<string>('r.device'))
    case 'browser':
      return text(sql.ref<string>('r.browser'))
    default:
      throw new Error(`page views have no dimension ${dimension}`)
  }
}

/** A KIM dimension over groups `g` and activities `k`; `day` is the date a time bucket is taken from. */
export function kimKey(dimension: Dimension, day: AliasableExpression<unknown>): Key {
  if (isTimeDimension(dimension)) return dayKey(day, dimension)
  if (dimension === 'region') return text(sql.ref<string>('g.region_code'))
  if (dimension === 'kim_group') return id(sql.ref('g.id'))
  if (dimension === 'activity_type') return text(sql.ref<string>('k.type'))
  throw new Error(`KIM metrics have no dimension ${dimension}`)
}

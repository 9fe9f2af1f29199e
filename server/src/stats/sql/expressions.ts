import type { TimeDimension } from '@jangkau/shared'
import { sql, type AliasableExpression, type Expression, type RawBuilder } from 'kysely'

/*
 * Typed SQL fragments of the stats queries (Kysely's reusable-helpers recipe): each takes expressions
 * and returns one, so a query composes them like columns. `sql` appears only for what the builder
 * cannot say (time zones, date_trunc, to_char). The time zone is inlined as a literal (validated as an
 * IANA zone by the parser) so that the same expression can be selected and grouped by.
 */

/** The regency ("64.08") of a region code that may name a district or village ("64.08.12"): its first 5 characters. */
export function regencyOf<T extends string | null>(code: Expression<T>): RawBuilder<T> {
  return sql<T>`left(${code}, 5)`
}

/** Text or '' for null: the key of an unknown value (an article without region or author). */
export function orEmpty(value: Expression<string | null>): RawBuilder<string> {
  return sql<string>`coalesce(${value}, '')`
}

/**
 * A calendar day ("YYYY-MM-DD") to compare a `date` column with. The table types say such columns are
 * read as Date (what pg returns), while the value sent is the day's text: this types it for the builder.
 */
export function dateValue(day: string): RawBuilder<Date> {
  return sql<Date>`${day}`
}

/** The calendar day (a `date`) an instant falls on in `timeZone`. */
export function dayOf(instant: Expression<Date | null>, timeZone: string): RawBuilder<string> {
  return sql<string>`(${instant} at time zone ${sql.lit(timeZone)})::date`
}

/** The instant a calendar day ("YYYY-MM-DD") begins in `timeZone`. */
export function startOfDay(day: string, timeZone: string): RawBuilder<Date> {
  return sql<Date>`(${day}::date)::timestamp at time zone ${sql.lit(timeZone)}`
}

/** The first day of the bucket a `date` falls in: the day itself, its week's Monday, its month's 1st. */
export function bucketStart(day: AliasableExpression<unknown>, bucket: TimeDimension): AliasableExpression<unknown> {
  return bucket === 'day' ? day : sql`cast(date_trunc(${sql.lit(bucket)}, cast(${day} as timestamp)) as date)`
}

/** A `date` as its text key "YYYY-MM-DD". */
export function dayText(day: Expression<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${day}, 'YYYY-MM-DD')`
}

/** An id as its text key (digits). */
export function idText(id: Expression<unknown>): RawBuilder<string> {
  return sql<string>`cast(${id} as text)`
}

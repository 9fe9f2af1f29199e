import { sql, type InferResult, type Updateable } from 'kysely'
import type { KimActivity, KimActivityList, KimActivityQuery, KimActivityType } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import type { KimActivitiesTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// The KIM groups' activities (kim_activities) one at a time; the CSV import's bulk insert is in
// import-kim-activities.ts.

/** The one SELECT every KIM activity read starts from: the activity with its group's name and regency. */
export function selectKimActivities(db: Db) {
  return db
    .selectFrom('kim_activities as a')
    .innerJoin('kim_groups as g', 'g.id', 'a.group_id')
    .select([
      'a.id',
      'a.group_id',
      'g.name as group_name',
      'g.region_code',
      'a.type',
      'a.title',
      sql<string>`to_char(a.date, 'YYYY-MM-DD')`.as('date'),
      'a.participants',
      'a.content_items',
      'a.article_url',
      'a.notes',
      'a.created_at',
    ])
}

export type KimActivityRow = InferResult<ReturnType<typeof selectKimActivities>>[number]

/** Database row (snake_case) → API shape (camelCase). */
export function toKimActivity(row: KimActivityRow): KimActivity {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    regionCode: row.region_code,
    // the column's CHECK constraint admits only the listed types
    type: row.type as KimActivityType,
    title: row.title,
    date: row.date,
    participants: row.participants,
    contentItems: row.content_items,
    articleUrl: row.article_url,
    notes: row.notes,
    createdAt: new Date(row.created_at).toISOString(),
  }
}

/** One activity, or undefined. `lock: true` holds its row until the transaction ends. */
export async function getKimActivity(db: Db, id: number, options: { lock?: boolean } = {}): Promise<KimActivity | undefined> {
  let query = selectKimActivities(db).where('a.id', '=', id)
  if (options.lock) query = query.forUpdate('a')
  const row = await query.executeTakeFirst()
  return row ? toKimActivity(row) : undefined
}

/**
 * A page of activities matching the filters (group, regency, type, days from..to inclusive), newest
 * first, and how many match in all.
 */
export async function listKimActivities(db: Db, query: KimActivityQuery): Promise<KimActivityList> {
  let filtered = selectKimActivities(db)
  if (query.group !== undefined) filtered = filtered.where('a.group_id', '=', query.group)
  if (query.region) filtered = filtered.where('g.region_code', '=', query.region)
  if (query.type) filtered = filtered.where('a.type', '=', query.type)
  // Dates are compared as SQL dates (the column type says Date, what pg would return for it).
  if (query.from) filtered = filtered.where(sql<boolean>`a.date >= ${query.from}::date`)
  if (query.to) filtered = filtered.where(sql<boolean>`a.date <= ${query.to}::date`)
  return paged(db, filtered, (rows) => rows.orderBy('a.date', 'desc').orderBy('a.id', 'desc'), query, toKimActivity)
}

/** An activity as it is stored: validated, trimmed, defaults applied. */
export interface KimActivityValues {
  groupId: number
  type: KimActivityType
  title: string
  /** Calendar day "YYYY-MM-DD". */
  date: string
  participants: number
  contentItems: number
  articleUrl: string | null
  notes: string | null
}

export type InsertKimActivityResult =
  | { created: true; id: number }
  /** The key was used before: the first activity's id and the hash of the request that made it. */
  | { created: false; id: number; requestHash: string | null }

/**
 * Stores an activity. With an idempotency key, a second insert with the same key creates nothing
 * and returns the first activity instead (`at`, the app's clock, stamps created_at); the unique index decides, so concurrent retries cannot
 * both create one. Run in a transaction.
 */
export async function insertKimActivity(
  db: Db,
  activity: KimActivityValues,
  at: Date,
  idempotency: { key: string; requestHash: string } | null = null,
): Promise<InsertKimActivityResult> {
  const inserted = await db
    .insertInto('kim_activities')
    .values({
      group_id: activity.groupId,
      type: activity.type,
      title: activity.title,
      date: activity.date,
      participants: activity.participants,
      content_items: activity.contentItems,
      article_url: activity.articleUrl,
      notes: activity.notes,
      idempotency_key: idempotency?.key ?? null,
      idempotency_hash: idempotency?.requestHash ?? null,
      created_at: at,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) return { created: true, id: inserted.id }
  const first = await db
    .selectFrom('kim_activities')
    .select(['id', 'idempotency_hash'])
    .where('idempotency_key', '=', idempotency!.key)
    .executeTakeFirstOrThrow()
  return { created: false, id: first.id, requestHash: first.idempotency_hash }
}

/** Writes the given fields of an activity; absent ones stay. */
export async function updateKimActivity(db: Db, id: number, changes: Partial<KimActivityValues>): Promise<void> {
  const set: Updateable<KimActivitiesTable> = {}
  if (changes.groupId !== undefined) set.group_id = changes.groupId
  if (changes.type !== undefined) set.type = changes.type
  if (changes.title !== undefined) set.title = changes.title
  if (changes.date !== undefined) set.date = changes.date
  if (changes.participants !== undefined) set.participants = changes.participants
  if (changes.contentItems !== undefined) set.content_items = changes.contentItems
  if (changes.articleUrl !== undefined) set.article_url = changes.articleUrl
  if (changes.notes !== undefined) set.notes = changes.notes
  if (Object.keys(set).length === 0) return
  await db.updateTable('kim_activities').set(set).where('id', '=', id).execute()
}

/** Deletes one activity (its idempotency key goes with it: a later retry would create it anew). */
export async function deleteKimActivity(db: Db, id: number): Promise<void> {
  await db.deleteFrom('kim_activities').where('id', '=', id).execute()
}

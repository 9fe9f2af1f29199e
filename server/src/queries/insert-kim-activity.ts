import type { KimActivityType } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

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

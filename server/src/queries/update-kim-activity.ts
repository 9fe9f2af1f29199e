import type { Updateable } from 'kysely'
import type { KimActivitiesTable } from '../db/tables.ts'
import type { Db } from '../plugins/db.ts'
import type { KimActivityValues } from './insert-kim-activity.ts'

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

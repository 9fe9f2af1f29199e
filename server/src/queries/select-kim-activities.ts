import { sql, type InferResult } from 'kysely'
import type { KimActivity, KimActivityType } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

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

import type { Db } from '../plugins/db.ts'

/** The audit entry that marks a database as holding the demo data set (see server/src/demo/load.ts). */
export const DEMO_AUDIT_ENTITY = 'demo_data'

/** When the demo data set was loaded into this database, or undefined if it never was. */
export async function findDemoLoad(db: Db): Promise<{ at: Date } | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('at')
    .where('entity', '=', DEMO_AUDIT_ENTITY)
    .where('action', '=', 'import')
    .orderBy('id')
    .executeTakeFirst()
  return row && { at: new Date(row.at) }
}

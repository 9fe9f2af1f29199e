import type { Db } from '../plugins/db.ts'

/** Records that the token was used at `at`. */
export async function touchApiToken(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
}

import type { Db } from '../plugins/db.ts'

/** Records a failed login for this email (lower-case; the account need not exist). */
export async function insertLoginFailure(db: Db, email: string, at: Date): Promise<void> {
  await db.insertInto('login_failures').values({ email: email.trim().toLowerCase(), at }).execute()
}

import type { Db } from '../plugins/db.ts'

/** Records a failed login for this email (lower-case; the account need not exist) from this address. */
export async function insertLoginFailure(db: Db, email: string, address: string, at: Date): Promise<void> {
  await db.insertInto('login_failures').values({ email: email.trim().toLowerCase(), address, at }).execute()
}

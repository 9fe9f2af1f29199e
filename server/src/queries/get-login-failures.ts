import type { Db } from '../plugins/db.ts'

/**
 * Failed logins for this email from this address (see auth/login-address.ts) since `since`: how
 * many, and when the oldest of them happened.
 */
export async function getLoginFailures(db: Db, email: string, address: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
    .where('email', '=', email.trim().toLowerCase())
    .where('address', '=', address)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest as Date | string) : null }
}

import type { Db } from '../db/kysely.ts'

// Failed logins per email and client address: what a lockout counts.

/** Records a failed login for this email (lower-case; the account need not exist) from this address. */
export async function insertLoginFailure(db: Db, email: string, address: string, at: Date): Promise<void> {
  await db.insertInto('login_failures').values({ email: email.trim().toLowerCase(), address, at }).execute()
}

/**
 * Failed logins for this email from this address (see auth/login-address.ts) since `since`: how
 * many, and when the oldest of them happened.
 */
export async function getLoginFailures(
  db: Db,
  email: string,
  address: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
    .where('email', '=', email.trim().toLowerCase())
    .where('address', '=', address)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest as Date | string) : null }
}

/**
 * Forgets failed logins, and says how many: those of `email` (from `address` only when given: a
 * successful login from there; from everywhere: an admin unlocks the account), or every failure
 * older than `before` (housekeeping: they no longer count toward a lockout).
 */
export async function deleteLoginFailures(db: Db, which: { email: string; address?: string } | { before: Date }): Promise<number> {
  let query = db.deleteFrom('login_failures')
  if ('before' in which) query = query.where('at', '<=', which.before)
  else {
    query = query.where('email', '=', which.email.trim().toLowerCase())
    if (which.address !== undefined) query = query.where('address', '=', which.address)
  }
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

import type { Db } from '../plugins/db.ts'

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

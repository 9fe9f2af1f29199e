import type { Db } from '../plugins/db.ts'

/**
 * Forgets failed logins: those of `email` (after a successful login) and/or every failure older than
 * `before` (housekeeping: they no longer count toward a lockout).
 */
export async function deleteLoginFailures(db: Db, which: { email?: string; before?: Date }): Promise<void> {
  const { email, before } = which
  if (email === undefined && before === undefined) return
  await db
    .deleteFrom('login_failures')
    .where((eb) =>
      eb.or([
        ...(email !== undefined ? [eb('email', '=', email.trim().toLowerCase())] : []),
        ...(before !== undefined ? [eb('at', '<=', before)] : []),
      ]),
    )
    .execute()
}

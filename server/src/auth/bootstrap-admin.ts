import type { Db } from '../db/kysely.ts'
import { insertAuditEntry } from '../queries/audit.ts'
import { deleteUserSessions } from '../queries/sessions.ts'
import { findUserByEmail, insertUser, updateUser } from '../queries/users.ts'
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './password.ts'

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD at start: makes sure this admin exists, is active and has this
 * password, so a fresh install (or a locked-out team) always has a way in. A changed password ends
 * the admin's sessions. Each change is audited with the system as actor.
 */
export async function bootstrapAdmin(db: Db, email: string, password: string): Promise<'created' | 'updated' | 'unchanged'> {
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`ADMIN_EMAIL "${email}" is not an email address`)
  try {
    assertPasswordAcceptable(password, email)
  } catch (error) {
    throw new Error(`ADMIN_PASSWORD is refused: ${(error as Error).message}`)
  }
  const found = await findUserByEmail(db, email)
  if (!found) {
    const passwordHash = await hashPassword(password)
    await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, { email, name: 'Administrator', passwordHash, role: 'admin', regions: [] })
      await insertAuditEntry(trx, { actor: null, action: 'create', entity: 'user', entityId: String(user.id), before: null, after: user })
    })
    return 'created'
  }
  const passwordOk = await verifyPassword(password, found.passwordHash)
  const { user } = found
  if (passwordOk && user.role === 'admin' && user.active && user.regions.length === 0) return 'unchanged'
  const passwordHash = passwordOk ? undefined : await hashPassword(password)
  await db.transaction().execute(async (trx) => {
    const after = await updateUser(trx, user.id, { passwordHash, role: 'admin', regions: [], active: true })
    if (passwordHash) await deleteUserSessions(trx, user.id)
    await insertAuditEntry(trx, {
      actor: null,
      action: 'update',
      entity: 'user',
      entityId: String(user.id),
      before: user,
      after: { ...after, ...(passwordHash ? { passwordChanged: true } : {}) },
    })
  })
  return 'updated'
}

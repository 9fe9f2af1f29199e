import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateUserBody, ErrorBody, IdParams, ListQuery, UnlockAnswer, UpdateUserBody, User, UserList } from '@jangkau/shared'
import { Type } from 'typebox'
import { assertPasswordAcceptable, hashPassword } from '../auth/password.ts'
import { checkRoleRegions } from '../auth/role-regions.ts'
import { isForeignKeyViolation, isUniqueViolation } from '../db/pg-errors.ts'
import { AppError } from '../errors.ts'
import { countActiveAdmins } from '../queries/count-active-admins.ts'
import { deleteLoginFailures } from '../queries/delete-login-failures.ts'
import { deleteUser } from '../queries/delete-user.ts'
import { deleteUserSessions } from '../queries/delete-user-sessions.ts'
import { getUser } from '../queries/get-user.ts'
import { insertAuditEntry } from '../queries/insert-audit-entry.ts'
import { insertUser } from '../queries/insert-user.ts'
import { listUsers } from '../queries/list-users.ts'
import { updateUser } from '../queries/update-user.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const emailTaken = () => new AppError(409, 'email_taken', 'Email sudah dipakai akun lain. / The email is used by another account.')
const userNotFound = (id: number) => new AppError(404, 'not_found', `Pengguna ${id} tidak ditemukan. / User ${id} not found.`)
const lastAdmin = () =>
  new AppError(409, 'last_admin', 'Admin aktif terakhir tidak boleh dihapus atau diturunkan. / The last active admin cannot be removed or demoted.')

/** Admins manage the people who sign in. Every write is audited; password hashes never leave the queries. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags: ['admin'], querystring: ListQuery, response: { 200: UserList, ...errors } } },
    async (request) => listUsers(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags: ['admin'], body: CreateUserBody, response: { 201: User, ...errors } } },
    async (request, reply) => {
      const body = request.body
      assertPasswordAcceptable(body.password, body.email)
      const regions = await checkRoleRegions(app.db, body.role, body.regions ?? [])
      const passwordHash = await hashPassword(body.password)
      try {
        const user = await app.db.transaction().execute(async (trx) => {
          const created = await insertUser(trx, { email: body.email, name: body.name, passwordHash, role: body.role, regions })
          await insertAuditEntry(trx, { actor: request.actor, action: 'create', entity: 'user', entityId: String(created.id), before: null, after: created })
          return created
        })
        return reply.code(201).send(user)
      } catch (error) {
        throw isUniqueViolation(error) ? emailTaken() : error
      }
    },
  )

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], params: IdParams, body: UpdateUserBody, response: { 200: User, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      const body = request.body
      const before = await getUser(app.db, id)
      if (!before) throw userNotFound(id)

      const role = body.role ?? before.role
      // Leaving the operator role drops the regions unless new ones are given (and then refused).
      const regions = await checkRoleRegions(app.db, role, body.regions ?? (role === 'operator' ? before.regions : []))
      if (body.password !== undefined) assertPasswordAcceptable(body.password, body.email ?? before.email)
      const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined
      const active = body.active ?? before.active
      const stopsBeingAdmin = before.role === 'admin' && before.active && (role !== 'admin' || !active)

      try {
        return await app.db.transaction().execute(async (trx) => {
          if (stopsBeingAdmin && (await countActiveAdmins(trx, id)) === 0) throw lastAdmin()
          const after = await updateUser(trx, id, { email: body.email, name: body.name, passwordHash, role, regions, active })
          if (!after) throw userNotFound(id)
          // A new password or deactivation signs the user out everywhere (except the admin's own
          // current session when they change their own password).
          if (!active) await deleteUserSessions(trx, id)
          else if (passwordHash) await deleteUserSessions(trx, id, request.authSession?.idHash)
          await insertAuditEntry(trx, {
            actor: request.actor,
            action: 'update',
            entity: 'user',
            entityId: String(id),
            before,
            after: passwordHash ? { ...after, passwordChanged: true } : after,
          })
          return after
        })
      } catch (error) {
        throw isUniqueViolation(error) ? emailTaken() : error
      }
    },
  )

  app.delete(
    '/api/users/:id',
    { config: { access: 'admin' }, schema: { tags: ['admin'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      try {
        await app.db.transaction().execute(async (trx) => {
          const before = await getUser(trx, id)
          if (!before) throw userNotFound(id)
          if (before.role === 'admin' && before.active && (await countActiveAdmins(trx, id)) === 0) throw lastAdmin()
          // Sessions go with the user (on delete cascade): they are signed out at once.
          await deleteUser(trx, id)
          await insertAuditEntry(trx, { actor: request.actor, action: 'delete', entity: 'user', entityId: String(id), before, after: null })
        })
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw new AppError(409, 'user_in_use', 'Pengguna masih dirujuk data lain; nonaktifkan saja. / The user is still referenced; deactivate it instead.')
        }
        throw error
      }
      return reply.code(204).send(null)
    },
  )

  // Failed logins lock only the address they came from (routes/auth.ts); this forgets them from every
  // address, e.g. for a user who shares a locked-out office address with whoever mistyped.
  app.post(
    '/api/users/:id/unlock',
    { config: { access: 'admin' }, schema: { tags: ['admin'], params: IdParams, response: { 200: UnlockAnswer, ...errors } } },
    async (request) => {
      const { id } = request.params
      return app.db.transaction().execute(async (trx) => {
        const user = await getUser(trx, id)
        if (!user) throw userNotFound(id)
        const cleared = await deleteLoginFailures(trx, { email: user.email })
        await insertAuditEntry(trx, { actor: request.actor, action: 'update', entity: 'user', entityId: String(id), before: user, after: { ...user, loginFailuresCleared: cleared } })
        return { userId: id, cleared }
      })
    },
  )
}

export default userRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateUserBody, ErrorBody, IdParams, ListQuery, UnlockAnswer, UpdateUserBody, User, UserList } from '@jangkau/shared'
import { Type } from 'typebox'
import { assertPasswordAcceptable, hashPassword } from '../auth/password.ts'
import { checkRoleRegions } from '../auth/role-regions.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'
import { deleteLoginFailures } from '../queries/login-failures.ts'
import { deleteUserSessions } from '../queries/sessions.ts'
import { countActiveAdmins, deleteUser, getUser, insertUser, listUsers, updateUser } from '../queries/users.ts'
import { auditedWrite, created, deleted, type Conflicts } from './audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const emailTaken: Conflicts = {
  unique: { code: 'email_taken', message: t('Email sudah dipakai akun lain.', 'The email is used by another account.') },
}
const userNotFound = (id: number) => new AppError(404, 'not_found', t(`Pengguna ${id} tidak ditemukan.`, `User ${id} not found.`))
const lastAdmin = () =>
  new AppError(
    409,
    'last_admin',
    t('Admin aktif terakhir tidak boleh dihapus atau diturunkan.', 'The last active admin cannot be removed or demoted.'),
  )

/** Admins manage the people who sign in. Every write is audited; password hashes never leave the queries. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags: ['admin'], querystring: ListQuery, response: { 200: UserList, ...errors } } },
    async (request) => listUsers(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/users',
    {
      config: { access: 'admin', conflicts: emailTaken },
      schema: { tags: ['admin'], body: CreateUserBody, response: { 201: User, ...errors } },
    },
    async (request, reply) => {
      const body = request.body
      assertPasswordAcceptable(body.password, body.email)
      const regions = await checkRoleRegions(app.db, body.role, body.regions ?? [])
      const passwordHash = await hashPassword(body.password)
      const user = await auditedWrite(app.db, request.actor, 'user', async (trx) =>
        created(await insertUser(trx, { email: body.email, name: body.name, passwordHash, role: body.role, regions })),
      )
      return reply.code(201).send(user)
    },
  )

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin', conflicts: emailTaken },
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

      return auditedWrite(app.db, request.actor, 'user', async (trx) => {
        if (stopsBeingAdmin && (await countActiveAdmins(trx, id)) === 0) throw lastAdmin()
        const after = await updateUser(trx, id, { email: body.email, name: body.name, passwordHash, role, regions, active })
        if (!after) throw userNotFound(id)
        // A new password or deactivation signs the user out everywhere (except the admin's own
        // current session when they change their own password).
        if (!active) await deleteUserSessions(trx, id)
        else if (passwordHash) await deleteUserSessions(trx, id, request.authSession?.idHash)
        return {
          answer: after,
          entry: { action: 'update', entityId: id, before, after: passwordHash ? { ...after, passwordChanged: true } : after },
        }
      })
    },
  )

  app.delete(
    '/api/users/:id',
    {
      config: {
        access: 'admin',
        conflicts: {
          foreignKey: {
            code: 'user_in_use',
            message: t('Pengguna masih dirujuk data lain; nonaktifkan saja.', 'The user is still referenced; deactivate it instead.'),
          },
        },
      },
      schema: { tags: ['admin'], params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { id } = request.params
      await auditedWrite(app.db, request.actor, 'user', async (trx) => {
        const before = await getUser(trx, id)
        if (!before) throw userNotFound(id)
        if (before.role === 'admin' && before.active && (await countActiveAdmins(trx, id)) === 0) throw lastAdmin()
        // Sessions go with the user (on delete cascade): they are signed out at once.
        await deleteUser(trx, id)
        return deleted(id, before)
      })
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
      return auditedWrite(app.db, request.actor, 'user', async (trx) => {
        const user = await getUser(trx, id)
        if (!user) throw userNotFound(id)
        const cleared = await deleteLoginFailures(trx, { email: user.email })
        return {
          answer: { userId: id, cleared },
          entry: { action: 'update', entityId: id, before: user, after: { ...user, loginFailuresCleared: cleared } },
        }
      })
    },
  )
}

export default userRoutes

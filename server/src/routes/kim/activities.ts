import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  IDEMPOTENCY_KEY_PATTERN,
  IdParams,
  KimActivity,
  KimActivityInput,
  KimActivityList,
  KimActivityPatch,
  KimActivityQuery,
} from '@jangkau/shared'
import { Type } from 'typebox'
import { assertRegionWritable } from '../../auth/policy.ts'
import type { Db } from '../../db/kysely.ts'
import { AppError } from '../../errors.ts'
import { t } from '../../i18n.ts'
import { checkActivityFields, fieldErrorsToBadRequest, textOrNull, unknownGroup } from '../../kim/rules.ts'
import { today } from '../../kim/today.ts'
import {
  deleteKimActivity,
  getKimActivity,
  insertKimActivity,
  type KimActivityValues,
  listKimActivities,
  updateKimActivity,
} from '../../queries/kim-activities.ts'
import { getKimGroupRegions } from '../../queries/kim-groups.ts'
import { auditedWrite, deleted, updated } from '../audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody }

const activityNotFound = (id: number) => new AppError(404, 'not_found', t(`Kegiatan ${id} tidak ditemukan.`, `Activity ${id} not found.`))

const IdempotencyHeaders = Type.Object({
  /** Same key, same body → the first answer again and nothing new is stored. */
  'idempotency-key': Type.Optional(Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN })),
})

/**
 * KIM activities (sosialisasi, Bimtek, …). Reads for everyone signed in; writes for admins and the
 * operators of the group's regency. POST honours an Idempotency-Key, so a client may retry after a
 * timeout without recording the activity twice.
 */
const kimActivityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * The regency of a group, or 400 `unknown_group`. Inside a transaction pass it as `db`: PGlite
   * has one connection, which the transaction holds.
   */
  async function regionOfGroup(groupId: number, db: Db = app.db): Promise<string> {
    const region = (await getKimGroupRegions(db, [groupId])).get(groupId)
    if (!region) throw fieldErrorsToBadRequest([unknownGroup('groupId', groupId)])
    return region
  }

  app.get(
    '/api/kim/activities',
    { config: { access: 'read' }, schema: { tags: ['kim'], querystring: KimActivityQuery, response: { 200: KimActivityList, ...errors } } },
    async (request) => listKimActivities(app.db, request.query),
  )

  app.get(
    '/api/kim/activities/:id',
    { config: { access: 'read' }, schema: { tags: ['kim'], params: IdParams, response: { 200: KimActivity, ...errors } } },
    async (request) => {
      const activity = await getKimActivity(app.db, request.params.id)
      if (!activity) throw activityNotFound(request.params.id)
      return activity
    },
  )

  app.post(
    '/api/kim/activities',
    {
      config: { access: 'kim:write' },
      schema: { tags: ['kim'], headers: IdempotencyHeaders, body: KimActivityInput, response: { 201: KimActivity, ...errors } },
    },
    async (request, reply) => {
      const body = request.body
      assertRegionWritable(request.actor, await regionOfGroup(body.groupId))
      const fieldErrors = checkActivityFields(body, today(app))
      if (fieldErrors.length > 0) throw fieldErrorsToBadRequest(fieldErrors)
      const values: KimActivityValues = {
        groupId: body.groupId,
        type: body.type,
        title: body.title.trim(),
        date: body.date,
        participants: body.participants ?? 0,
        contentItems: body.contentItems ?? 0,
        articleUrl: textOrNull(body.articleUrl),
        notes: textOrNull(body.notes),
      }
      const key = request.headers['idempotency-key']
      // The stored values (defaults applied) identify the request: a retry has the same hash.
      const requestHash = createHash('sha256').update(JSON.stringify(values)).digest('hex')
      const { activity, replayed } = await auditedWrite(app.db, request.actor, 'kim_activity', async (trx) => {
        const result = await insertKimActivity(trx, values, app.clock(), key ? { key, requestHash } : null)
        if (!result.created && result.requestHash !== requestHash) {
          throw new AppError(
            422,
            'idempotency_key_reused',
            t('Idempotency-Key ini sudah dipakai untuk kegiatan lain.', 'This Idempotency-Key was used for another activity.'),
          )
        }
        const stored = (await getKimActivity(trx, result.id))!
        // A replay stores nothing, so it is not audited.
        const entry = result.created ? { action: 'create' as const, entityId: result.id, before: null, after: stored } : null
        return { answer: { activity: stored, replayed: !result.created }, entry }
      })
      if (replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(201).send(activity)
    },
  )

  app.patch(
    '/api/kim/activities/:id',
    {
      config: { access: 'kim:write' },
      schema: { tags: ['kim'], params: IdParams, body: KimActivityPatch, response: { 200: KimActivity, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      const body = request.body
      const fieldErrors = checkActivityFields(body, today(app))
      return auditedWrite(app.db, request.actor, 'kim_activity', async (trx) => {
        const before = await getKimActivity(trx, id, { lock: true })
        if (!before) throw activityNotFound(id)
        assertRegionWritable(request.actor, before.regionCode)
        // Moving an activity to another group touches that group's regency too.
        if (body.groupId !== undefined && body.groupId !== before.groupId) {
          assertRegionWritable(request.actor, await regionOfGroup(body.groupId, trx))
        }
        if (fieldErrors.length > 0) throw fieldErrorsToBadRequest(fieldErrors)
        await updateKimActivity(trx, id, {
          groupId: body.groupId,
          type: body.type,
          title: body.title?.trim(),
          date: body.date,
          participants: body.participants,
          contentItems: body.contentItems,
          articleUrl: body.articleUrl === undefined ? undefined : textOrNull(body.articleUrl),
          notes: body.notes === undefined ? undefined : textOrNull(body.notes),
        })
        return updated(id, before, (await getKimActivity(trx, id))!)
      })
    },
  )

  app.delete(
    '/api/kim/activities/:id',
    { config: { access: 'kim:write' }, schema: { tags: ['kim'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      await auditedWrite(app.db, request.actor, 'kim_activity', async (trx) => {
        const before = await getKimActivity(trx, id, { lock: true })
        if (!before) throw activityNotFound(id)
        assertRegionWritable(request.actor, before.regionCode)
        await deleteKimActivity(trx, id)
        return deleted(id, before)
      })
      return reply.code(204).send(null)
    },
  )
}

export default kimActivityRoutes

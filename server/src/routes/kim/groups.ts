import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  IdParams,
  KimGroup,
  KimGroupDetail,
  KimGroupInput,
  KimGroupList,
  KimGroupPatch,
  KimGroupQuery,
  type KimOfficers,
} from '@jangkau/shared'
import { Type } from 'typebox'
import { assertRegionWritable } from '../../auth/policy.ts'
import type { Db } from '../../db/kysely.ts'
import { AppError, badRequest } from '../../errors.ts'
import { t } from '../../i18n.ts'
import { checkGroupFields, fieldErrorsToBadRequest, textOrNull, unknownVillage } from '../../kim/rules.ts'
import { today } from '../../kim/today.ts'
import {
  deleteKimGroup,
  getKimGroup,
  insertKimGroup,
  type KimGroupValues,
  listKimGroups,
  updateKimGroup,
} from '../../queries/kim-groups.ts'
import { insertKimStatusChange, listKimStatusChanges, updateKimStatusChange } from '../../queries/kim-status-changes.ts'
import { getVillage, type Village } from '../../queries/regions.ts'
import { auditedWrite, created, deleted, updated } from '../audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

const groupNotFound = (id: number) => new AppError(404, 'not_found', t(`KIM ${id} tidak ditemukan.`, `KIM group ${id} not found.`))

/** Officers as stored: trimmed names, null for unknown ones. */
function officersOf(given: Partial<Record<keyof KimOfficers, string | null | undefined>> | undefined, base: KimOfficers): KimOfficers {
  const pick = (key: keyof KimOfficers) => (given?.[key] === undefined ? base[key] : textOrNull(given[key]))
  return { ketua: pick('ketua'), sekretaris: pick('sekretaris'), bendahara: pick('bendahara') }
}

/**
 * The KIM registry: groups at village level. Everyone signed in reads; admins and the operators of
 * the group's regency write (for a move to another village: of both regencies). Every write is
 * audited in its own transaction; status changes are kept as history.
 */
const kimGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * The village of a code, or 400 `unknown_village` (also for district, regency and BPS codes).
   * Inside a transaction pass it as `db`: PGlite has one connection, which the transaction holds.
   */
  async function villageOf(code: string, db: Db = app.db): Promise<Village> {
    const village = await getVillage(db, code.trim())
    if (!village) throw fieldErrorsToBadRequest([unknownVillage('villageCode', code.slice(0, 30))])
    return village
  }

  app.get(
    '/api/kim/groups',
    { config: { access: 'read' }, schema: { tags: ['kim'], querystring: KimGroupQuery, response: { 200: KimGroupList, ...errors } } },
    async (request) => listKimGroups(app.db, request.query),
  )

  app.get(
    '/api/kim/groups/:id',
    { config: { access: 'read' }, schema: { tags: ['kim'], params: IdParams, response: { 200: KimGroupDetail, ...errors } } },
    async (request) => {
      const group = await getKimGroup(app.db, request.params.id)
      if (!group) throw groupNotFound(request.params.id)
      const history = await listKimStatusChanges(app.db, group.id)
      return { ...group, statusHistory: history.map(({ status, changedOn }) => ({ status, changedOn })) }
    },
  )

  app.post(
    '/api/kim/groups',
    { config: { access: 'kim:write' }, schema: { tags: ['kim'], body: KimGroupInput, response: { 201: KimGroup, ...errors } } },
    async (request, reply) => {
      const body = request.body
      const village = await villageOf(body.villageCode)
      assertRegionWritable(request.actor, village.regionCode)
      const day = today(app)
      const fieldErrors = checkGroupFields(body, day)
      if (fieldErrors.length > 0) throw fieldErrorsToBadRequest(fieldErrors)
      const values: KimGroupValues = {
        name: body.name.trim(),
        villageCode: village.code,
        districtCode: village.districtCode,
        regionCode: village.regionCode,
        decreeNumber: textOrNull(body.decreeNumber),
        decreeDate: body.decreeDate ?? null,
        formedOn: body.formedOn ?? null,
        status: body.status ?? 'aktif',
        statusSince: body.statusSince ?? day,
        budget: body.budget ?? 'belum diketahui',
        members: body.members ?? 0,
        officers: officersOf(body.officers, { ketua: null, sekretaris: null, bendahara: null }),
        channels: (body.channels ?? []).map((c) => c.trim()),
        registrationNumber: textOrNull(body.registrationNumber),
      }
      const group = await auditedWrite(app.db, request.actor, 'kim_group', async (trx) => {
        const id = await insertKimGroup(trx, values, app.clock())
        return created((await getKimGroup(trx, id))!)
      })
      return reply.code(201).send(group)
    },
  )

  app.patch(
    '/api/kim/groups/:id',
    {
      config: { access: 'kim:write' },
      schema: { tags: ['kim'], params: IdParams, body: KimGroupPatch, response: { 200: KimGroup, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      const body = request.body
      const day = today(app)
      const fieldErrors = checkGroupFields(body, day)
      return auditedWrite(app.db, request.actor, 'kim_group', async (trx) => {
        // Locked: a concurrent PATCH of this group waits, so status history stays in order.
        const before = await getKimGroup(trx, id, { lock: true })
        if (!before) throw groupNotFound(id)
        assertRegionWritable(request.actor, before.regionCode)
        const changes: Partial<KimGroupValues> = {}
        if (body.villageCode !== undefined && body.villageCode.trim() !== before.villageCode) {
          const village = await villageOf(body.villageCode, trx)
          // Moving a group changes two regencies' data: the operator must hold both.
          assertRegionWritable(request.actor, village.regionCode)
          Object.assign(changes, { villageCode: village.code, districtCode: village.districtCode, regionCode: village.regionCode })
        }
        if (fieldErrors.length > 0) throw fieldErrorsToBadRequest(fieldErrors)

        const statusChanged = body.status !== undefined && body.status !== before.status
        if (statusChanged) {
          const since = body.statusSince ?? day
          if (since < before.statusSince) {
            throw badRequest(
              'invalid_status_since',
              t(
                `statusSince sebelum status sekarang dimulai (${before.statusSince}).`,
                `statusSince is before the current status began (${before.statusSince}).`,
              ),
            )
          }
          changes.status = body.status
          changes.statusSince = since
          await insertKimStatusChange(trx, id, body.status!, since)
        } else if (body.statusSince !== undefined && body.statusSince !== before.statusSince) {
          // Same status, another day: a correction of the day the current status began.
          const history = await listKimStatusChanges(trx, id)
          const current = history.at(-1)
          const previous = history.at(-2)
          if (previous && body.statusSince < previous.changedOn) {
            throw badRequest(
              'invalid_status_since',
              t(
                `statusSince sebelum status sebelumnya dimulai (${previous.changedOn}).`,
                `statusSince is before the previous status began (${previous.changedOn}).`,
              ),
            )
          }
          if (current) await updateKimStatusChange(trx, current.id, body.statusSince)
          changes.statusSince = body.statusSince
        }

        if (body.name !== undefined) changes.name = body.name.trim()
        if (body.decreeNumber !== undefined) changes.decreeNumber = textOrNull(body.decreeNumber)
        if (body.decreeDate !== undefined) changes.decreeDate = body.decreeDate
        if (body.formedOn !== undefined) changes.formedOn = body.formedOn
        if (body.budget !== undefined) changes.budget = body.budget
        if (body.members !== undefined) changes.members = body.members
        if (body.officers !== undefined) changes.officers = officersOf(body.officers, before.officers)
        if (body.channels !== undefined) changes.channels = body.channels.map((c) => c.trim())
        if (body.registrationNumber !== undefined) changes.registrationNumber = textOrNull(body.registrationNumber)

        await updateKimGroup(trx, id, changes, app.clock())
        return updated(id, before, (await getKimGroup(trx, id))!)
      })
    },
  )

  app.delete(
    '/api/kim/groups/:id',
    { config: { access: 'kim:write' }, schema: { tags: ['kim'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      await auditedWrite(app.db, request.actor, 'kim_group', async (trx) => {
        const before = await getKimGroup(trx, id, { lock: true })
        if (!before) throw groupNotFound(id)
        assertRegionWritable(request.actor, before.regionCode)
        const { activitiesDeleted } = await deleteKimGroup(trx, id)
        return deleted(id, { ...before, activitiesDeleted })
      })
      return reply.code(204).send(null)
    },
  )
}

export default kimGroupRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateReportScheduleBody,
  dayIn,
  ErrorBody,
  IdParams,
  isEmailAddress,
  ListQuery,
  ReportDelivery,
  ReportDeliveryList,
  ReportDeliveryQuery,
  ReportSchedule,
  ReportScheduleList,
  SendReportBody,
  UpdateReportScheduleBody,
} from '@jangkau/shared'
import { Type } from 'typebox'
import { AppError, badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { getRegions } from '../queries/regions.ts'
import { getReportDelivery, insertReportDelivery, listReportDeliveries } from '../queries/report-deliveries.ts'
import {
  deleteReportSchedule,
  getReportSchedule,
  insertReportSchedule,
  listReportSchedules,
  updateReportSchedule,
} from '../queries/report-schedules.ts'
import { attemptReportDelivery } from '../reports/deliver.ts'
import { checkReportMonth } from '../reports/monthly.ts'
import { pdfAvailable } from '../reports/pdf.ts'
import { auditedWrite, created, deleted, updated } from './audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const scheduleNotFound = (id: number) =>
  new AppError(404, 'not_found', t(`Jadwal laporan ${id} tidak ditemukan.`, `Report schedule ${id} not found.`))

/**
 * The recipients as stored: trimmed, lower-case, each once, in the order given. 400 `invalid_email`
 * names the first address that is not a plain mailbox address.
 */
function recipientsOf(raw: string[]): string[] {
  const recipients: string[] = []
  for (const entry of raw) {
    const address = entry.trim().toLowerCase()
    if (!isEmailAddress(address)) {
      throw badRequest('invalid_email', t(`Alamat surel tidak sah: "${entry}".`, `Not a valid email address: "${entry}".`), [
        { field: 'recipients', value: entry },
      ])
    }
    if (!recipients.includes(address)) recipients.push(address)
  }
  return recipients
}

/**
 * /api/report-schedules and /api/report-deliveries: admins schedule the monthly report by email
 * (reports/scheduler.ts sends it) and see every send with its attempts and last error. Without
 * SMTP_URL schedules can still be saved; the list says `emailConfigured: false` and nothing is sent.
 */
const reportScheduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** A schedule reports on the province (null) or one regency or city. */
  async function checkRegion(code: string | null | undefined): Promise<void> {
    if (code === null || code === undefined) return
    const [region] = await getRegions(app.db, [code])
    if (!region || !['kabupaten', 'kota'].includes(region.level)) {
      throw badRequest('invalid_region', t(`Bukan kode kabupaten/kota: ${code}.`, `Not a regency or city code: ${code}.`))
    }
  }

  app.get(
    '/api/report-schedules',
    {
      config: { access: 'admin' },
      schema: { tags: ['reports'], querystring: ListQuery, response: { 200: ReportScheduleList, ...errors } },
    },
    async (request) => {
      const page = await listReportSchedules(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 })
      return { ...page, emailConfigured: app.config.smtpUrl !== undefined, pdfAvailable: pdfAvailable(app), timeZone: app.config.timeZone }
    },
  )

  app.post(
    '/api/report-schedules',
    {
      config: { access: 'admin' },
      schema: { tags: ['reports'], body: CreateReportScheduleBody, response: { 201: ReportSchedule, ...errors } },
    },
    async (request, reply) => {
      const body = request.body
      const recipients = recipientsOf(body.recipients)
      await checkRegion(body.regionCode)
      const actor = request.actor
      const schedule = await auditedWrite(app.db, actor, 'report_schedule', async (trx) =>
        created(
          await insertReportSchedule(trx, {
            recipients,
            regionCode: body.regionCode ?? null,
            lang: body.lang ?? 'id',
            dayOfMonth: body.dayOfMonth ?? 1,
            hour: body.hour ?? 8,
            enabled: body.enabled ?? true,
            createdBy: actor?.kind === 'user' ? actor.id : null,
            at: app.clock(),
          }),
        ),
      )
      return reply.code(201).send(schedule)
    },
  )

  app.patch(
    '/api/report-schedules/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['reports'], params: IdParams, body: UpdateReportScheduleBody, response: { 200: ReportSchedule, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      const { recipients, ...rest } = request.body
      const changes = { ...rest, ...(recipients !== undefined ? { recipients: recipientsOf(recipients) } : {}) }
      await checkRegion(changes.regionCode)
      return auditedWrite(app.db, request.actor, 'report_schedule', async (trx) => {
        const before = await getReportSchedule(trx, id)
        const after = before && (await updateReportSchedule(trx, id, changes, app.clock()))
        if (!before || !after) throw scheduleNotFound(id)
        return updated(id, before, after)
      })
    },
  )

  app.delete(
    '/api/report-schedules/:id',
    { config: { access: 'admin' }, schema: { tags: ['reports'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      await auditedWrite(app.db, request.actor, 'report_schedule', async (trx) => {
        const before = await getReportSchedule(trx, id)
        if (!before) throw scheduleNotFound(id)
        await deleteReportSchedule(trx, id)
        return deleted(id, before)
      })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/report-schedules/:id/send',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['reports'],
        summary: "Send one month's report of this schedule now (to try a schedule out, or to send again)",
        description:
          'The first attempt is made before answering: `status` is sent, or pending with `lastError` when the mail server refused it ' +
          '(tried again like a scheduled send). 409 `email_not_configured` without SMTP_URL.',
        params: IdParams,
        body: SendReportBody,
        response: { 200: ReportDelivery, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params
      const { month } = request.body
      const now = app.clock()
      checkReportMonth(month, dayIn(now, app.config.timeZone))
      if (!(await getReportSchedule(app.db, id))) throw scheduleNotFound(id)
      if (!app.config.smtpUrl) {
        throw new AppError(
          409,
          'email_not_configured',
          t(
            'Surel belum dikonfigurasi di server ini (SMTP_URL), jadi laporan tidak dapat dikirim.',
            'Email is not configured on this server (SMTP_URL), so the report cannot be sent.',
          ),
        )
      }
      const delivery = await auditedWrite(app.db, request.actor, 'report_delivery', async (trx) => {
        const recorded = await insertReportDelivery(trx, { scheduleId: id, month, kind: 'manual', at: now })
        if (!recorded) throw new Error('the delivery was not recorded')
        return created(recorded)
      })
      await attemptReportDelivery(app, delivery.id, now)
      return (await getReportDelivery(app.db, delivery.id)) ?? delivery
    },
  )

  app.get(
    '/api/report-deliveries',
    {
      config: { access: 'admin' },
      schema: { tags: ['reports'], querystring: ReportDeliveryQuery, response: { 200: ReportDeliveryList, ...errors } },
    },
    async (request) => {
      const { limit = 50, offset = 0, scheduleId, status } = request.query
      return listReportDeliveries(app.db, { limit, offset, scheduleId, status })
    },
  )
}

export default reportScheduleRoutes

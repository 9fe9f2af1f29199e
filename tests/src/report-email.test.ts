import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { loadConfig, type Config } from '@jangkau/server/config.ts'
import { buildMonthlyReport } from '@jangkau/server/reports/monthly.ts'
import { MAX_ATTEMPTS, RETRY_DELAYS_MINUTES } from '@jangkau/server/reports/retry-policy.ts'
import { runDueReports } from '@jangkau/server/reports/scheduler.ts'
import type { ReportDelivery, ReportSchedule, ReportScheduleList } from '@jangkau/shared'
import { sql } from 'kysely'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { launchBrowser, watchPageErrors } from './helpers/browser.ts'
import { seedCatalog, storeViews } from './helpers/page-views.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'
import { ensureWebDist, WEB_DIST } from './helpers/web-dist.ts'

// The monthly report by email, end to end: a real SMTP server (smtp-server) on a random local port
// receives what the app sends, and mailparser reads it back. The scheduler is driven with a clock
// (runDueReports), the app listens on a real port so that the PDF can be printed by Chromium.


/** Schedules are saved on 20 October 2026 (WITA); the first send time is 1 November 2026, 08:00 WITA. */
const SAVED_AT = new Date('2026-10-20T02:00:00Z')
const at = (wita: string) => new Date(`${wita}+08:00`)
const SEND_TIME = at('2026-11-01T08:00:00')

const SMTP_USER = 'jangkau-relay'
const SMTP_PASS = 'rahasia smtp/2026'
/** Recipients at this domain are refused by the test SMTP server (550), like an unknown mailbox. */
const REFUSED_DOMAIN = 'ditolak.example'

interface Received {
  envelopeFrom: string
  envelopeTo: string[]
  auth: { username: string; password: string } | null
  mail: ParsedMail
}

interface TestSmtp {
  port: number
  received: Received[]
  /** Times a recipient was refused. */
  refusals: number
  close: () => Promise<void>
  /** Listens again on the same port after close (the mail server is back). */
  restart: () => Promise<void>
}

/** A real SMTP server on 127.0.0.1 (no TLS): takes AUTH PLAIN/LOGIN, refuses REFUSED_DOMAIN recipients, keeps every message. */
async function startSmtp(port = 0): Promise<TestSmtp> {
  const state: TestSmtp = { port, received: [], refusals: 0, close: async () => undefined, restart: async () => undefined }
  const listen = async (onPort: number) => {
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return callback(null, { user: { username: auth.username, password: auth.password } })
        return callback(new Error('Invalid username or password'))
      },
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith(`@${REFUSED_DOMAIN}`)) {
          state.refusals++
          return callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }))
        }
        return callback()
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              const user = session.user as { username: string; password: string } | undefined
              state.received.push({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                auth: user ?? null,
                mail,
              })
              callback()
            },
            (error: Error) => callback(error),
          )
        })
      },
    })
    await new Promise<void>((done, fail) => {
      server.once('error', fail)
      server.listen(onPort, '127.0.0.1', () => done())
    })
    state.port = (server.server.address() as AddressInfo).port
    state.close = () => new Promise<void>((done) => server.close(() => done()))
  }
  await listen(port)
  state.restart = () => listen(state.port)
  return state
}

const smtpUrl = (port: number) => `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${port}`


type Caller = { headers: Record<string, string> }
type Answer = { statusCode: number; body: string; json: () => unknown }

const errorOf = (r: Answer) => ({ status: r.statusCode, code: (r.json() as { error?: { code?: string } }).error?.code })

/** One app with its clock, an admin and helpers for the report-schedule API. */
async function appWith(config: Partial<Config>) {
  let now = SAVED_AT
  const t = await createTestApp({ clock: () => now, config: { reportScheduler: false, ...config } })
  // A token, not a session: sessions end 12 hours after sign-in by the app's clock, which these tests move by weeks.
  const admin = await createApiToken(t.app, { role: 'admin', name: 'Admin Laporan' })
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who: Caller = admin) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) })
  return {
    t,
    admin,
    api,
    setClock: (d: Date) => {
      now = d
    },
    /** A scheduler pass at `d`, the app's clock set to the same instant (the report reads it too). */
    runAt: (d: Date) => {
      now = d
      return runDueReports(t.app, d)
    },
    createSchedule: async (body: Record<string, unknown>) => {
      const r = await api('POST', '/api/report-schedules', body)
      expect(r.statusCode, r.body).toBe(201)
      return r.json() as ReportSchedule
    },
    deliveries: async (query = '') => {
      const r = await api('GET', `/api/report-deliveries${query}`)
      expect(r.statusCode, r.body).toBe(200)
      return (r.json() as { items: ReportDelivery[]; total: number }).items
    },
    reset: async () => {
      now = SAVED_AT
      await sql`truncate report_deliveries, report_schedules, audit_log restart identity cascade`.execute(t.app.db)
    },
  }
}

describe(`monthly report by email on ${testDatabase}`, () => {
  let smtp: TestSmtp
  /** SMTP and Chromium: the full email, PDF attached. */
  let full: Awaited<ReturnType<typeof appWith>>

  beforeAll(async () => {
    ensureWebDist()
    smtp = await startSmtp()
    full = await appWith({ smtpUrl: smtpUrl(smtp.port), smtpFrom: 'Jangkau Diskominfo <laporan@diskominfo.kaltimprov.go.id>', webDist: WEB_DIST, publicUrl: 'https://jangkau.kaltimprov.go.id' })
    await full.t.app.listen({ port: 0, host: '127.0.0.1' })
    // A few October views, so that the report has numbers to tell.
    const catalog = await seedCatalog(full.t.app)
    const views = Array.from({ length: 40 }, (_, i) => ({ at: at(`2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00`), article: i % 3, visitor: i % 17 }))
    await storeViews(full.t.app, catalog, views)
  })
  afterAll(async () => {
    await full?.t.close()
    await smtp?.close()
  })
  beforeEach(async () => {
    await full.reset()
    smtp.received.length = 0
    smtp.refusals = 0
  })

  it('sends last month\'s report on the 1st at 08:00 WITA: recipients, subject, sentences, numbers and the PDF', { timeout: 180_000 }, async () => {
    const list = (await full.api('GET', '/api/report-schedules')).json() as ReportScheduleList
    expect(list).toMatchObject({ items: [], total: 0, emailConfigured: true, pdfAvailable: true, timeZone: 'Asia/Makassar' })

    // Saved by a signed-in admin (the schedule remembers who); the other one by an admin token.
    const person = await signIn(full.t.app, { role: 'admin' })
    const saved = await full.api('POST', '/api/report-schedules', { recipients: [' Kadis@Kaltimprov.go.id', 'sekretariat@kaltimprov.go.id', 'kadis@kaltimprov.go.id'] }, person)
    expect(saved.statusCode, saved.body).toBe(201)
    const province = saved.json() as ReportSchedule
    expect(province).toEqual({
      id: province.id,
      recipients: ['kadis@kaltimprov.go.id', 'sekretariat@kaltimprov.go.id'],
      regionCode: null,
      lang: 'id',
      dayOfMonth: 1,
      hour: 8,
      enabled: true,
      createdBy: person.user.id,
      createdAt: SAVED_AT.toISOString(),
      updatedAt: SAVED_AT.toISOString(),
    })
    const kutim = await full.createSchedule({ recipients: ['bupati@kutaitimurkab.go.id'], regionCode: '64.08', lang: 'en' })

    // Before the send time nothing goes out; neither on the last day of October.
    expect(await full.runAt(at('2026-10-31T23:59:00'))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
    expect(await full.runAt(at('2026-11-01T07:59:00'))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
    expect(smtp.received).toEqual([])

    const sendAt = at('2026-11-01T08:05:00')
    expect(await full.runAt(sendAt)).toEqual({ created: 2, sent: 2, retrying: 0, failed: 0 })
    expect(smtp.received).toHaveLength(2)

    // The reports as the app builds them for October, at the same clock.
    const reportId = await buildMonthlyReport(full.t.app, { month: '2026-10', region: null, lang: 'id' })
    const reportEn = await buildMonthlyReport(full.t.app, { month: '2026-10', region: '64.08', lang: 'en' })
    expect(reportId.totals.views).toBeGreaterThan(0)
    expect(reportId.sentences.length).toBeGreaterThan(0)

    const byRecipient = (address: string) => smtp.received.find((m) => m.envelopeTo.includes(address))!
    const id = byRecipient('kadis@kaltimprov.go.id')
    expect(id.envelopeTo).toEqual(['kadis@kaltimprov.go.id', 'sekretariat@kaltimprov.go.id'])
    expect(id.envelopeFrom).toBe('laporan@diskominfo.kaltimprov.go.id')
    expect(id.auth).toEqual({ username: SMTP_USER, password: SMTP_PASS })
    expect(id.mail.subject).toBe(`Laporan bulanan Jangkau — Oktober 2026 (${reportId.regionLabel})`)
    expect(id.mail.from?.value).toEqual([{ name: 'Jangkau Diskominfo', address: 'laporan@diskominfo.kaltimprov.go.id' }])
    for (const sentence of reportId.sentences) {
      expect(id.mail.text).toContain(sentence)
      expect(id.mail.html || '').toContain(sentence.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'))
    }
    expect(id.mail.text).toContain(`- Tayangan: ${reportId.totals.views.toLocaleString('id-ID')}`)
    expect(id.mail.text).toContain('Laporan lengkap terlampir sebagai PDF.\nBuka laporan lengkap di Jangkau: https://jangkau.kaltimprov.go.id/laporan?bulan=2026-10\n')
    expect(id.mail.attachments).toHaveLength(1)
    const pdf = id.mail.attachments[0]!
    expect(pdf).toMatchObject({ contentType: 'application/pdf', filename: 'laporan-jangkau-2026-10.pdf' })
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-')
    const { text: pdfText } = await extractText(await getDocumentProxy(new Uint8Array(pdf.content)), { mergePages: true })
    expect(pdfText).toContain('Oktober 2026')

    const en = byRecipient('bupati@kutaitimurkab.go.id')
    expect(en.envelopeTo).toEqual(['bupati@kutaitimurkab.go.id'])
    expect(en.mail.subject).toBe(`Jangkau monthly report — October 2026 (${reportEn.regionLabel})`)
    expect(reportEn.regionLabel).toMatch(/Kutai Timur/)
    for (const sentence of reportEn.sentences) expect(en.mail.text).toContain(sentence)
    expect(en.mail.attachments.map((a) => a.filename)).toEqual(['laporan-jangkau-2026-10-64-08.pdf'])

    // Both recorded as sent, with the Message-ID the server received.
    const deliveries = await full.deliveries()
    expect(deliveries.map((d) => [d.scheduleId, d.month, d.kind, d.status, d.attempts, d.pdfAttached, d.lastError, d.nextAttemptAt]).sort()).toEqual(
      [
        [province.id, '2026-10', 'scheduled', 'sent', 1, true, null, null],
        [kutim.id, '2026-10', 'scheduled', 'sent', 1, true, null, null],
      ].sort(),
    )
    const provinceDelivery = deliveries.find((d) => d.scheduleId === province.id)!
    expect(provinceDelivery.messageId).toBe(id.mail.messageId)
    expect(provinceDelivery.recipients).toEqual(['kadis@kaltimprov.go.id', 'sekretariat@kaltimprov.go.id'])
    expect(provinceDelivery.sentAt).toBe(sendAt.toISOString())
  })

  it('sends now for a given month (a manual send does not use up the scheduled one)', { timeout: 180_000 }, async () => {
    const schedule = await full.createSchedule({ recipients: ['kadis@kaltimprov.go.id'], lang: 'en' })
    full.setClock(at('2026-10-25T10:00:00'))
    const r = await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-09' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ scheduleId: schedule.id, month: '2026-09', kind: 'manual', status: 'sent', attempts: 1, lastError: null, pdfAttached: true })
    expect(smtp.received.map((m) => m.mail.subject)).toEqual(['Jangkau monthly report — September 2026 (East Kalimantan Province)'])

    // The running month may be sent too (its numbers so far); a future one may not.
    const running = await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-10' })
    expect(running.statusCode, running.body).toBe(200)
    expect(smtp.received[1]!.mail.text).toContain('This month is not over yet')
    expect(errorOf(await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-11' }))).toEqual({ status: 400, code: 'month_in_future' })
    expect(errorOf(await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-13' }))).toEqual({ status: 400, code: 'invalid_request' })
    expect(errorOf(await full.api('POST', `/api/report-schedules/${schedule.id}/send`, {}))).toEqual({ status: 400, code: 'invalid_request' })
    expect(errorOf(await full.api('POST', '/api/report-schedules/999999/send', { month: '2026-09' }))).toEqual({ status: 404, code: 'not_found' })

    // October still goes out on schedule.
    expect(await full.runAt(at('2026-11-01T08:00:00'))).toMatchObject({ created: 1, sent: 1 })
    expect(smtp.received).toHaveLength(3)
    expect((await full.deliveries()).map((d) => [d.month, d.kind, d.status])).toEqual([
      ['2026-10', 'scheduled', 'sent'],
      ['2026-10', 'manual', 'sent'],
      ['2026-09', 'manual', 'sent'],
    ])
  })

  it('refuses bad schedules with 400 and a code, and stores nothing of them', async () => {
    const good = await full.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    const bad: [unknown, string][] = [
      [{ recipients: [] }, 'invalid_request'],
      [{}, 'invalid_request'],
      [{ recipients: ['bukan-alamat'] }, 'invalid_email'],
      [{ recipients: ['kadis@kaltimprov.go.id', 'Kadis <kadis@kaltimprov.go.id>'] }, 'invalid_email'],
      [{ recipients: ['a@b.go.id, c@d.go.id'] }, 'invalid_email'],
      [{ recipients: ['kadis@localhost'] }, 'invalid_email'],
      [{ recipients: ['kadis@kaltimprov.go.id'], regionCode: '64.99' }, 'invalid_region'],
      [{ recipients: ['kadis@kaltimprov.go.id'], regionCode: '64' }, 'invalid_request'],
      [{ recipients: ['kadis@kaltimprov.go.id'], dayOfMonth: 29 }, 'invalid_request'],
      [{ recipients: ['kadis@kaltimprov.go.id'], dayOfMonth: 0 }, 'invalid_request'],
      [{ recipients: ['kadis@kaltimprov.go.id'], hour: 24 }, 'invalid_request'],
      [{ recipients: ['kadis@kaltimprov.go.id'], lang: 'jv' }, 'invalid_request'],
      [{ recipients: ['kadis@kaltimprov.go.id'], extra: 1 }, 'invalid_request'],
      [{ recipients: Array.from({ length: 51 }, (_, i) => `p${i}@kaltimprov.go.id`) }, 'invalid_request'],
    ]
    for (const [body, code] of bad) {
      const r = await full.api('POST', '/api/report-schedules', body)
      expect({ body, ...errorOf(r) }).toEqual({ body, status: 400, code })
      // The server's own checks answer in both languages.
      if (code !== 'invalid_request') expect((r.json() as { error: { message: string } }).error.message).toMatch(/\. \/ /)
    }
    const email = await full.api('POST', '/api/report-schedules', { recipients: ['kadis@kaltimprov.go.id', 'bukan-alamat'] })
    expect((email.json() as { error: { message: string } }).error.message).toContain('bukan-alamat')
    for (const [body, code] of [
      [{ recipients: ['x'] }, 'invalid_email'],
      [{}, 'invalid_request'],
      [{ hour: -1 }, 'invalid_request'],
      [{ regionCode: '64.08.12' }, 'invalid_request'],
    ] as const) {
      expect(errorOf(await full.api('PATCH', `/api/report-schedules/${good.id}`, body))).toEqual({ status: 400, code })
    }
    expect(errorOf(await full.api('PATCH', '/api/report-schedules/999999', { hour: 9 }))).toEqual({ status: 404, code: 'not_found' })
    expect(errorOf(await full.api('DELETE', '/api/report-schedules/999999'))).toEqual({ status: 404, code: 'not_found' })
    expect(errorOf(await full.api('GET', '/api/report-deliveries?status=lost'))).toEqual({ status: 400, code: 'invalid_request' })

    const list = (await full.api('GET', '/api/report-schedules')).json() as ReportScheduleList
    expect(list.items).toEqual([good])
  })

  it('changes and deletes schedules, each write audited; deleting a schedule removes its deliveries', { timeout: 180_000 }, async () => {
    const schedule = await full.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    full.setClock(at('2026-10-21T09:00:00'))
    const r = await full.api('PATCH', `/api/report-schedules/${schedule.id}`, { recipients: ['Kadis@kaltimprov.go.id', 'wakil@kaltimprov.go.id'], regionCode: '64.72', hour: 9, enabled: false })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toEqual({
      ...schedule,
      recipients: ['kadis@kaltimprov.go.id', 'wakil@kaltimprov.go.id'],
      regionCode: '64.72',
      hour: 9,
      enabled: false,
      updatedAt: at('2026-10-21T09:00:00').toISOString(),
    })
    const back = await full.api('PATCH', `/api/report-schedules/${schedule.id}`, { enabled: true, regionCode: null })
    expect(back.json()).toMatchObject({ enabled: true, regionCode: null })
    expect((await full.runAt(at('2026-11-01T09:00:00'))).sent).toBe(1)
    expect(smtp.received[0]!.envelopeTo).toEqual(['kadis@kaltimprov.go.id', 'wakil@kaltimprov.go.id'])

    expect((await full.api('DELETE', `/api/report-schedules/${schedule.id}`)).statusCode).toBe(204)
    expect((await full.api('GET', '/api/report-schedules')).json()).toMatchObject({ items: [], total: 0 })
    expect(await full.deliveries()).toEqual([])

    const audit = (await full.api('GET', '/api/audit?entity=report_schedule')).json() as { items: { action: string; entityId: string; actorName: string; after: unknown }[] }
    expect(audit.items.map((e) => [e.action, e.entityId, e.actorName])).toEqual([
      ['delete', String(schedule.id), 'Admin Laporan'],
      ['update', String(schedule.id), 'Admin Laporan'],
      ['update', String(schedule.id), 'Admin Laporan'],
      ['create', String(schedule.id), 'Admin Laporan'],
    ])
  })

  it('lets only admins near schedules and deliveries (403 for viewers and operators, 401 without sign-in)', async () => {
    const schedule = await full.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    const viewer = await signIn(full.t.app, { role: 'viewer' })
    const operator = await createApiToken(full.t.app, { role: 'operator', regions: ['64.08'] })
    const calls: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown][] = [
      ['GET', '/api/report-schedules', undefined],
      ['POST', '/api/report-schedules', { recipients: ['x@kaltimprov.go.id'] }],
      ['PATCH', `/api/report-schedules/${schedule.id}`, { hour: 9 }],
      ['DELETE', `/api/report-schedules/${schedule.id}`, undefined],
      ['POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-09' }],
      ['GET', '/api/report-deliveries', undefined],
    ]
    for (const [method, url, body] of calls) {
      expect(errorOf(await full.api(method, url, body, viewer))).toEqual({ status: 403, code: 'forbidden' })
      expect(errorOf(await full.api(method, url, body, operator))).toEqual({ status: 403, code: 'forbidden' })
      expect(errorOf(await full.api(method, url, body, { headers: {} }))).toEqual({ status: 401, code: 'unauthenticated' })
    }
    expect((await full.api('GET', '/api/report-schedules')).json()).toMatchObject({ items: [schedule] })
    expect(smtp.received).toEqual([])
  })
})

describe(`report scheduling and retries, email without the PDF, on ${testDatabase}`, () => {
  let smtp: TestSmtp
  let app: Awaited<ReturnType<typeof appWith>>

  beforeAll(async () => {
    ensureWebDist()
    smtp = await startSmtp()
    // No Chromium: the email says the PDF could not be made and links the report page. The
    // dashboard is served, for the admin page in the browser.
    app = await appWith({ smtpUrl: smtpUrl(smtp.port), chromiumPath: undefined, webDist: WEB_DIST, publicUrl: 'https://jangkau.kaltimprov.go.id' })
    await app.t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await app?.t.close()
    await smtp?.close()
  })
  beforeEach(async () => {
    await app.reset()
    smtp.received.length = 0
    smtp.refusals = 0
  })

  it('sends the summary without a PDF, saying so, with a link to the report page', async () => {
    const list = (await app.api('GET', '/api/report-schedules')).json() as ReportScheduleList
    expect(list).toMatchObject({ emailConfigured: true, pdfAvailable: false })
    await app.createSchedule({ recipients: ['kadis@kaltimprov.go.id'], regionCode: '64.08' })
    expect(await app.runAt(SEND_TIME)).toEqual({ created: 1, sent: 1, retrying: 0, failed: 0 })
    const report = await buildMonthlyReport(app.t.app, { month: '2026-10', region: '64.08', lang: 'id' })
    const [message] = smtp.received
    expect(message!.mail.subject).toBe(`Laporan bulanan Jangkau — Oktober 2026 (${report.regionLabel})`)
    expect(message!.mail.attachments).toEqual([])
    expect(message!.envelopeFrom).toBe('jangkau@localhost')
    for (const sentence of report.sentences) expect(message!.mail.text).toContain(sentence)
    expect(message!.mail.text).toContain('PDF tidak dapat dibuat di server ini.')
    expect(message!.mail.text).toContain('https://jangkau.kaltimprov.go.id/laporan?bulan=2026-10&wilayah=64.08')
    expect(message!.mail.html).toContain('href="https://jangkau.kaltimprov.go.id/laporan?bulan=2026-10&amp;wilayah=64.08"')
    expect(await app.deliveries()).toMatchObject([{ status: 'sent', attempts: 1, pdfAttached: false }])
  })

  it('sends a month once: later passes, and two passes at once, send nothing more', { timeout: 180_000 }, async () => {
    await app.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    expect((await app.runAt(at('2026-11-01T08:00:00'))).sent).toBe(1)
    for (const later of ['2026-11-01T08:01:00', '2026-11-01T20:00:00', '2026-11-15T08:00:00', '2026-11-30T23:59:00']) {
      expect(await app.runAt(at(later))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
    }
    expect(smtp.received).toHaveLength(1)

    // December: two scheduler passes at the same moment (as two server processes would run them).
    app.setClock(at('2026-12-01T08:00:00'))
    const runs = await Promise.all([runDueReports(app.t.app, at('2026-12-01T08:00:00')), runDueReports(app.t.app, at('2026-12-01T08:00:00'))])
    expect(runs.reduce((n, r) => n + r.created, 0)).toBe(1)
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1)
    expect(smtp.received.map((m) => m.mail.subject)).toEqual([
      'Laporan bulanan Jangkau — Oktober 2026 (Provinsi Kalimantan Timur)',
      'Laporan bulanan Jangkau — November 2026 (Provinsi Kalimantan Timur)',
    ])
    expect((await app.deliveries()).map((d) => [d.month, d.status])).toEqual([
      ['2026-11', 'sent'],
      ['2026-10', 'sent'],
    ])
  })

  it('keeps to the day and hour of each schedule, skips disabled ones, and starts a late schedule next month', { timeout: 180_000 }, async () => {
    const fifth = await app.createSchedule({ recipients: ['bappeda@kaltimprov.go.id'], dayOfMonth: 5, hour: 14 })
    const off = await app.createSchedule({ recipients: ['arsip@kaltimprov.go.id'], enabled: false })
    expect(await app.runAt(at('2026-11-04T23:00:00'))).toMatchObject({ created: 0, sent: 0 })
    expect(await app.runAt(at('2026-11-05T13:59:00'))).toMatchObject({ created: 0, sent: 0 })
    expect(await app.runAt(at('2026-11-05T14:00:00'))).toMatchObject({ created: 1, sent: 1 })
    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['bappeda@kaltimprov.go.id']])

    // Saved on 10 November, after November's send time: October's report is not mailed at once.
    app.setClock(at('2026-11-10T09:00:00'))
    const late = await app.createSchedule({ recipients: ['baru@kaltimprov.go.id'] })
    expect(await app.runAt(at('2026-11-10T09:01:00'))).toMatchObject({ created: 0, sent: 0 })
    expect(await app.runAt(at('2026-12-01T08:00:00'))).toMatchObject({ created: 1, sent: 1 })
    expect(await app.runAt(at('2026-12-05T14:00:00'))).toMatchObject({ created: 1, sent: 1 })
    const sent = await app.deliveries()
    expect(sent.map((d) => [d.scheduleId, d.month]).sort()).toEqual(
      [
        [fifth.id, '2026-10'],
        [late.id, '2026-11'],
        [fifth.id, '2026-11'],
      ].sort(),
    )
    expect(sent.some((d) => d.scheduleId === off.id)).toBe(false)
  })

  it('retries a send the mail server refuses with backoff, logs each attempt on the delivery, and ends failed', { timeout: 180_000 }, async () => {
    const schedule = await app.createSchedule({ recipients: [`pimpinan@${REFUSED_DOMAIN}`] })
    let clock = at('2026-11-01T08:00:00')
    expect(await app.runAt(clock)).toEqual({ created: 1, sent: 0, retrying: 1, failed: 0 })
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const [delivery] = await app.deliveries()
      expect(delivery).toMatchObject({ scheduleId: schedule.id, month: '2026-10', status: 'pending', attempts: attempt, maxAttempts: MAX_ATTEMPTS })
      expect(delivery!.lastError).toMatch(/550/)
      expect(delivery!.lastError).toContain(`pimpinan@${REFUSED_DOMAIN}`)
      const next = new Date(clock.getTime() + RETRY_DELAYS_MINUTES[attempt - 1]! * 60_000)
      expect(delivery!.nextAttemptAt).toBe(next.toISOString())
      // Not before its time.
      expect(await app.runAt(new Date(next.getTime() - 1000))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
      clock = next
      const run = await app.runAt(clock)
      expect(run).toEqual(attempt + 1 < MAX_ATTEMPTS ? { created: 0, sent: 0, retrying: 1, failed: 0 } : { created: 0, sent: 0, retrying: 0, failed: 1 })
    }
    expect(smtp.refusals).toBe(MAX_ATTEMPTS)
    expect(smtp.received).toEqual([])

    // Failed for good, with the error visible to admins; no further attempt, not even next day.
    const failed = await app.deliveries('?status=failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null, sentAt: null, recipients: [`pimpinan@${REFUSED_DOMAIN}`] })
    expect(failed[0]!.lastError).toMatch(/550/)
    expect(await app.runAt(at('2026-11-02T08:00:00'))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
    expect(smtp.refusals).toBe(MAX_ATTEMPTS)
  })

  it('shows schedules and sends in Admin → Laporan terjadwal, a failed send marked with its error', { timeout: 180_000 }, async () => {
    await app.createSchedule({ recipients: ['kadis@kaltimprov.go.id'], regionCode: '64.08' })
    await app.createSchedule({ recipients: [`pimpinan@${REFUSED_DOMAIN}`] })
    let clock = at('2026-11-01T08:00:00')
    await app.runAt(clock)
    for (const minutes of RETRY_DELAYS_MINUTES) {
      clock = new Date(clock.getTime() + minutes * 60_000)
      await app.runAt(clock)
    }
    expect((await app.deliveries()).map((d) => d.status).sort()).toEqual(['failed', 'sent'])

    // The page as an admin sees it (a session made at the app's clock).
    const person = await signIn(app.t.app, { role: 'admin' })
    const base = `http://127.0.0.1:${(app.t.app.server.address() as AddressInfo).port}`
    const browser = await launchBrowser()
    try {
      const [name, ...value] = person.headers.cookie.split('=')
      await browser.context.addCookies([{ name: name!, value: value.join('='), url: base }])
      const page = await browser.context.newPage()
      const errors = watchPageErrors(page)
      await page.goto(`${base}/admin/laporan`)
      const rows = page.locator('section', { hasText: 'Pengiriman' }).locator('tbody tr')
      await rows.first().waitFor()
      expect(await page.locator('h1').textContent()).toBe('Admin · Laporan terjadwal')
      const schedules = await page.locator('section', { hasText: 'jadwal laporan' }).first().locator('tbody tr').allInnerTexts()
      expect(schedules.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringContaining('kadis@kaltimprov.go.id Kutai Timur Bahasa Indonesia tanggal 1, 08.00 WITA Aktif'),
        expect.stringContaining(`pimpinan@${REFUSED_DOMAIN} Provinsi Kalimantan Timur Bahasa Indonesia tanggal 1, 08.00 WITA Aktif`),
      ])
      const failed = rows.filter({ hasText: 'Gagal' })
      expect(await failed.count()).toBe(1)
      expect(await failed.locator('.badge.delivery-failed').textContent()).toBe('Gagal')
      expect(await failed.textContent()).toContain(`${MAX_ATTEMPTS} dari ${MAX_ATTEMPTS}`)
      expect(await failed.locator('.delivery-error').textContent()).toMatch(/550/)
      expect(await rows.filter({ hasText: 'Terkirim' }).locator('.badge.delivery-sent').count()).toBe(1)
      expect(await page.locator('.notice.error').first().textContent()).toContain('1 pengiriman gagal')

      await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe
        return (await axe.run(document, { resultTypes: ['violations'] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
      })
      expect(violations).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })

  it('retries while the mail server is down and sends once it is back', async () => {
    await app.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    await smtp.close()
    expect(await app.runAt(SEND_TIME)).toEqual({ created: 1, sent: 0, retrying: 1, failed: 0 })
    const [down] = await app.deliveries()
    expect(down).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(SEND_TIME.getTime() + 60_000).toISOString() })
    expect(down!.lastError).toMatch(/ECONNREFUSED/)
    expect(down!.lastError).not.toContain(SMTP_PASS)

    await smtp.restart()
    expect(await app.runAt(new Date(SEND_TIME.getTime() + 60_000))).toEqual({ created: 0, sent: 1, retrying: 0, failed: 0 })
    expect(smtp.received).toHaveLength(1)
    expect(await app.deliveries()).toMatchObject([{ status: 'sent', attempts: 2, lastError: null, nextAttemptAt: null }])
  })
})

describe(`report email without SMTP_URL on ${testDatabase}`, () => {
  let app: Awaited<ReturnType<typeof appWith>>

  beforeAll(async () => {
    app = await appWith({ smtpUrl: undefined })
  })
  afterAll(async () => app?.t.close())

  it('saves schedules, says email is not configured, and sends or records nothing', async () => {
    const schedule = await app.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    expect((await app.api('GET', '/api/report-schedules')).json()).toMatchObject({ items: [schedule], emailConfigured: false })
    expect(await app.runAt(SEND_TIME)).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
    expect(await app.runAt(at('2026-11-02T08:00:00'))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
    expect(errorOf(await app.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-10' }))).toEqual({ status: 409, code: 'email_not_configured' })
    expect(await app.deliveries()).toEqual([])
    const rows = await app.t.app.db.selectFrom('report_deliveries').select('id').execute()
    expect(rows).toEqual([])
  })
})

describe(`report emails ahead of PDF downloads on ${testDatabase}`, () => {
  let smtp: TestSmtp
  let app: Awaited<ReturnType<typeof appWith>>

  beforeAll(async () => {
    ensureWebDist()
    smtp = await startSmtp()
    // One render at a time and one download waiting: two readers fill the queue.
    app = await appWith({ smtpUrl: smtpUrl(smtp.port), webDist: WEB_DIST, reportPdf: { concurrency: 1, maxWaiting: 1 } })
    await app.t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await app?.t.close()
    await smtp?.close()
  })

  it('sends the scheduled report with its PDF while downloads fill the queue, ahead of the download waiting', { timeout: 180_000 }, async () => {
    await app.createSchedule({ recipients: ['kadis@kaltimprov.go.id'] })
    // Tokens: the clock moves to the send time below, past a session's end.
    const readers = await Promise.all([0, 1, 2].map(() => createApiToken(app.t.app, { role: 'viewer' })))
    const answered: Answer[] = []
    const downloads = readers.map((reader) =>
      app.api('GET', '/api/reports/monthly.pdf?month=2026-10', undefined, reader).then((answer) => {
        answered.push(answer)
        return answer
      }),
    )
    // The first answer is the refusal: one download renders, one waits, the queue is full.
    expect(errorOf(await Promise.race(downloads))).toEqual({ status: 503, code: 'pdf_queue_full' })

    expect(await app.runAt(at('2026-11-01T08:05:00'))).toEqual({ created: 1, sent: 1, retrying: 0, failed: 0 })
    expect(smtp.received).toHaveLength(1)
    const [attachment] = smtp.received[0]!.mail.attachments
    expect(attachment?.content.subarray(0, 5).toString()).toBe('%PDF-')
    expect((await app.deliveries()).map((d) => [d.status, d.pdfAttached])).toEqual([['sent', true]])
    // The email's PDF went before the download that was waiting: that one is not answered yet.
    expect(answered.map((a) => a.statusCode)).toEqual([503, 200])
    expect((await Promise.all(downloads)).map((a) => a.statusCode).sort()).toEqual([200, 200, 503])
  })
})

describe('report email configuration', () => {
  it('reads SMTP_URL, SMTP_FROM, PUBLIC_URL and REPORT_SCHEDULER, and refuses what cannot work', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, smtpFrom: 'Jangkau <jangkau@localhost>', publicUrl: undefined, reportScheduler: true })
    expect(loadConfig({ SMTP_URL: 'smtps://laporan%40kaltimprov.go.id:x@mail.kaltimprov.go.id:465', PUBLIC_URL: 'https://jangkau.example/', REPORT_SCHEDULER: '0' })).toMatchObject({
      smtpUrl: 'smtps://laporan%40kaltimprov.go.id:x@mail.kaltimprov.go.id:465',
      smtpFrom: 'Jangkau <laporan@kaltimprov.go.id>',
      publicUrl: 'https://jangkau.example',
      reportScheduler: false,
    })
    expect(loadConfig({ SMTP_URL: 'smtp://mail:587', SMTP_FROM: 'Diskominfo <x@kaltimprov.go.id>' }).smtpFrom).toBe('Diskominfo <x@kaltimprov.go.id>')
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/)
    expect(() => loadConfig({ SMTP_URL: 'mail.example:25' })).toThrow(/SMTP_URL/)
    expect(() => loadConfig({ PUBLIC_URL: 'jangkau.example' })).toThrow(/PUBLIC_URL/)
  })
})

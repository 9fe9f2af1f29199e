import { buildMonthlyReport } from '@jangkau/server/reports/monthly.ts'
import type { ReportSchedule, ReportScheduleList } from '@jangkau/shared'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { seedCatalog, storeViews } from './helpers/page-views.ts'
import { appWith, at, errorOf, SAVED_AT, SMTP_PASS, SMTP_USER, smtpUrl, startSmtp, type TestSmtp } from './helpers/report-email.ts'
import { testDatabase } from './helpers/test-app.ts'
import { ensureWebDist, WEB_DIST } from './helpers/web-dist.ts'

// The monthly report by email, end to end: a real SMTP server (smtp-server) on a random local port
// receives what the app sends, and mailparser reads it back. The scheduler is driven with a clock
// (runDueReports), the app listens on a real port so that the PDF can be printed by Chromium.
describe(`monthly report by email on ${testDatabase}`, () => {
  let smtp: TestSmtp
  /** SMTP and Chromium: the full email, PDF attached. */
  let full: Awaited<ReturnType<typeof appWith>>

  beforeAll(async () => {
    ensureWebDist()
    smtp = await startSmtp()
    full = await appWith({
      smtpUrl: smtpUrl(smtp.port),
      smtpFrom: 'Jangkau Diskominfo <laporan@diskominfo.kaltimprov.go.id>',
      webDist: WEB_DIST,
      publicUrl: 'https://jangkau.kaltimprov.go.id',
    })
    await full.t.app.listen({ port: 0, host: '127.0.0.1' })
    // A few October views, so that the report has numbers to tell.
    const catalog = await seedCatalog(full.t.app)
    const views = Array.from({ length: 40 }, (_, i) => ({
      at: at(`2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00`),
      article: i % 3,
      visitor: i % 17,
    }))
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

  it("sends last month's report on the 1st at 08:00 WITA: recipients, subject, sentences, numbers and the PDF", {
    timeout: 180_000,
  }, async () => {
    const list = (await full.api('GET', '/api/report-schedules')).json() as ReportScheduleList
    expect(list).toMatchObject({ items: [], total: 0, emailConfigured: true, pdfAvailable: true, timeZone: 'Asia/Makassar' })

    // Saved by a signed-in admin (the schedule remembers who); the other one by an admin token.
    const person = await signIn(full.t.app, { role: 'admin' })
    const saved = await full.api(
      'POST',
      '/api/report-schedules',
      { recipients: [' Kadis@Kaltimprov.go.id', 'sekretariat@kaltimprov.go.id', 'kadis@kaltimprov.go.id'] },
      person,
    )
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
      expect(id.mail.html || '').toContain(
        sentence.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
      )
    }
    expect(id.mail.text).toContain(`- Tayangan: ${reportId.totals.views.toLocaleString('id-ID')}`)
    expect(id.mail.text).toContain(
      'Laporan lengkap terlampir sebagai PDF.\nBuka laporan lengkap di Jangkau: https://jangkau.kaltimprov.go.id/laporan?bulan=2026-10\n',
    )
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
    expect(
      deliveries.map((d) => [d.scheduleId, d.month, d.kind, d.status, d.attempts, d.pdfAttached, d.lastError, d.nextAttemptAt]).sort(),
    ).toEqual(
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
    expect(r.json()).toMatchObject({
      scheduleId: schedule.id,
      month: '2026-09',
      kind: 'manual',
      status: 'sent',
      attempts: 1,
      lastError: null,
      pdfAttached: true,
    })
    expect(smtp.received.map((m) => m.mail.subject)).toEqual(['Jangkau monthly report — September 2026 (East Kalimantan Province)'])

    // The running month may be sent too (its numbers so far); a future one may not.
    const running = await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-10' })
    expect(running.statusCode, running.body).toBe(200)
    expect(smtp.received[1]!.mail.text).toContain('This month is not over yet')
    expect(errorOf(await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-11' }))).toEqual({
      status: 400,
      code: 'month_in_future',
    })
    expect(errorOf(await full.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-13' }))).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    expect(errorOf(await full.api('POST', `/api/report-schedules/${schedule.id}/send`, {}))).toEqual({
      status: 400,
      code: 'invalid_request',
    })
    expect(errorOf(await full.api('POST', '/api/report-schedules/999999/send', { month: '2026-09' }))).toEqual({
      status: 404,
      code: 'not_found',
    })

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
    const r = await full.api('PATCH', `/api/report-schedules/${schedule.id}`, {
      recipients: ['Kadis@kaltimprov.go.id', 'wakil@kaltimprov.go.id'],
      regionCode: '64.72',
      hour: 9,
      enabled: false,
    })
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

    const audit = (await full.api('GET', '/api/audit?entity=report_schedule')).json() as {
      items: { action: string; entityId: string; actorName: string; after: unknown }[]
    }
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

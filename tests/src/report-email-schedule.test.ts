import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '@jangkau/server/config.ts'
import { MAX_ATTEMPTS, RETRY_DELAYS_MINUTES } from '@jangkau/server/queries/report-deliveries.ts'
import { buildMonthlyReport } from '@jangkau/server/reports/monthly.ts'
import { runDueReports } from '@jangkau/server/reports/scheduler.ts'
import type { ReportScheduleList } from '@jangkau/shared'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { launchBrowser, watchPageErrors } from './helpers/browser.ts'
import {
  type Answer,
  appWith,
  at,
  errorOf,
  REFUSED_DOMAIN,
  SEND_TIME,
  SMTP_PASS,
  smtpUrl,
  startSmtp,
  type TestSmtp,
} from './helpers/report-email.ts'
import { testDatabase } from './helpers/test-app.ts'
import { ensureWebDist, WEB_DIST } from './helpers/web-dist.ts'

// The monthly report by email: scheduling and retries, without a PDF, without SMTP_URL, ahead of
// PDF downloads, and its configuration (the full email with its PDF: report-email.test.ts).

describe(`report scheduling and retries, email without the PDF, on ${testDatabase}`, () => {
  let smtp: TestSmtp
  let app: Awaited<ReturnType<typeof appWith>>

  beforeAll(async () => {
    ensureWebDist()
    smtp = await startSmtp()
    // No Chromium: the email says the PDF could not be made and links the report page. The
    // dashboard is served, for the admin page in the browser.
    app = await appWith({
      smtpUrl: smtpUrl(smtp.port),
      chromiumPath: undefined,
      webDist: WEB_DIST,
      publicUrl: 'https://jangkau.kaltimprov.go.id',
    })
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
    const runs = await Promise.all([
      runDueReports(app.t.app, at('2026-12-01T08:00:00')),
      runDueReports(app.t.app, at('2026-12-01T08:00:00')),
    ])
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

  it('keeps to the day and hour of each schedule, skips disabled ones, and starts a late schedule next month', {
    timeout: 180_000,
  }, async () => {
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

  it('retries a send the mail server refuses with backoff, logs each attempt on the delivery, and ends failed', {
    timeout: 180_000,
  }, async () => {
    const schedule = await app.createSchedule({ recipients: [`pimpinan@${REFUSED_DOMAIN}`] })
    let clock = at('2026-11-01T08:00:00')
    expect(await app.runAt(clock)).toEqual({ created: 1, sent: 0, retrying: 1, failed: 0 })
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const [delivery] = await app.deliveries()
      expect(delivery).toMatchObject({
        scheduleId: schedule.id,
        month: '2026-10',
        status: 'pending',
        attempts: attempt,
        maxAttempts: MAX_ATTEMPTS,
      })
      expect(delivery!.lastError).toMatch(/550/)
      expect(delivery!.lastError).toContain(`pimpinan@${REFUSED_DOMAIN}`)
      const next = new Date(clock.getTime() + RETRY_DELAYS_MINUTES[attempt - 1]! * 60_000)
      expect(delivery!.nextAttemptAt).toBe(next.toISOString())
      // Not before its time.
      expect(await app.runAt(new Date(next.getTime() - 1000))).toEqual({ created: 0, sent: 0, retrying: 0, failed: 0 })
      clock = next
      const run = await app.runAt(clock)
      expect(run).toEqual(
        attempt + 1 < MAX_ATTEMPTS ? { created: 0, sent: 0, retrying: 1, failed: 0 } : { created: 0, sent: 0, retrying: 0, failed: 1 },
      )
    }
    expect(smtp.refusals).toBe(MAX_ATTEMPTS)
    expect(smtp.received).toEqual([])

    // Failed for good, with the error visible to admins; no further attempt, not even next day.
    const failed = await app.deliveries('?status=failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      nextAttemptAt: null,
      sentAt: null,
      recipients: [`pimpinan@${REFUSED_DOMAIN}`],
    })
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
      const scheduleRows = page.locator('section', { hasText: 'jadwal laporan' }).first().locator('tbody tr')
      // The two tables load apart: wait for the schedules' own rows, not their loading skeleton.
      await scheduleRows.filter({ hasText: 'kadis@' }).waitFor()
      const schedules = await scheduleRows.allInnerTexts()
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
        const axe = (
          window as unknown as {
            axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; impact: string | null }[] }> }
          }
        ).axe
        return (await axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id)
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
    expect(errorOf(await app.api('POST', `/api/report-schedules/${schedule.id}/send`, { month: '2026-10' }))).toEqual({
      status: 409,
      code: 'email_not_configured',
    })
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

  it('sends the scheduled report with its PDF while downloads fill the queue, ahead of the download waiting', {
    timeout: 180_000,
  }, async () => {
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
    expect(loadConfig({})).toMatchObject({
      smtpUrl: undefined,
      smtpFrom: 'Jangkau <jangkau@localhost>',
      publicUrl: undefined,
      reportScheduler: true,
    })
    expect(
      loadConfig({
        SMTP_URL: 'smtps://laporan%40kaltimprov.go.id:x@mail.kaltimprov.go.id:465',
        PUBLIC_URL: 'https://jangkau.example/',
        REPORT_SCHEDULER: '0',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://laporan%40kaltimprov.go.id:x@mail.kaltimprov.go.id:465',
      smtpFrom: 'Jangkau <laporan@kaltimprov.go.id>',
      publicUrl: 'https://jangkau.example',
      reportScheduler: false,
    })
    expect(loadConfig({ SMTP_URL: 'smtp://mail:587', SMTP_FROM: 'Diskominfo <x@kaltimprov.go.id>' }).smtpFrom).toBe(
      'Diskominfo <x@kaltimprov.go.id>',
    )
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/)
    expect(() => loadConfig({ SMTP_URL: 'mail.example:25' })).toThrow(/SMTP_URL/)
    expect(() => loadConfig({ PUBLIC_URL: 'jangkau.example' })).toThrow(/PUBLIC_URL/)
  })
})

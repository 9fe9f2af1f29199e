import { insertPageViews } from '@jangkau/server/queries/insert-page-views.ts'
import { composeReportEmail } from '@jangkau/server/reports/email.ts'
import type { MonthlyReport } from '@jangkau/shared'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { NOW } from './helpers/monthly-report.ts'
import { seedCatalog } from './helpers/page-views.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'
import { ensureWebDist, WEB_DIST } from './helpers/web-dist.ts'

// The monthly report's PDF under attack and under load: forged titles are never printed, no Chromium
// means Print instead, renders are queued per user and overall (the report itself: report-monthly.test.ts).

describe(`forged titles in the monthly report on ${testDatabase}`, () => {
  // Issue 13 §4: any reader can send views with a made-up title for a real path of a configured portal.
  // 600 of them in a minute (COLLECT_RATE_LIMIT lets that many through) make it the top article.
  let t: TestApp
  const PORTAL = 'https://diskominfo.kaltimprov.go.id'
  const FORGED = 'PENTING: verifikasi NIP Anda di https://kaltim-gov.phish.example/login sebelum 15 November'
  beforeAll(async () => {
    ensureWebDist()
    t = await createTestApp({ config: { webDist: WEB_DIST }, clock: () => NOW })
    await seedCatalog(t.app)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const collect = (path: string, title: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/collect',
        headers: { 'user-agent': BROWSER_UA },
        payload: { url: `${PORTAL}${path}`, title },
      })
    for (let i = 0; i < 600; i++) expect((await collect('/berita/pengumuman-cpns', FORGED)).statusCode).toBe(202)
    // A second article whose title the portal's catalogue confirms (an admin's upload).
    const admin = await createApiToken(t.app, { role: 'admin' })
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/articles',
      headers: admin.headers,
      payload: [{ url: `${PORTAL}/berita/kim-sangatta`, title: 'KIM Sangatta Aktif Kembali' }],
    })
    expect(put.statusCode, put.body).toBe(200)
    await t.app.db.transaction().execute((trx) =>
      insertPageViews(
        trx,
        Array.from({ length: 3 }, (_, i) => ({
          occurredAt: NOW,
          siteId: 1,
          url: `${PORTAL}/berita/kim-sangatta`,
          visitorHash: String(i),
          referrerHost: null,
          device: 'mobile',
          browser: 'Chrome',
          article: { title: 'Judul palsu lain', categoryId: null, regionCode: null, author: null, publishedAt: null },
        })),
      ),
    )
  }, 300_000)
  afterAll(async () => t?.close())

  it('names an unconfirmed top article by its path in the JSON, the sentences and the email', async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const r = await t.app.inject({ url: '/api/reports/monthly?month=2026-11', headers })
    expect(r.statusCode, r.body).toBe(200)
    const report = r.json() as MonthlyReport
    expect(report.topArticles.map(({ id: _id, visitors: _v, ...a }) => a)).toEqual([
      { title: '/berita/pengumuman-cpns', titleConfirmed: false, url: `${PORTAL}/berita/pengumuman-cpns`, views: 600 },
      { title: 'KIM Sangatta Aktif Kembali', titleConfirmed: true, url: `${PORTAL}/berita/kim-sangatta`, views: 3 },
    ])
    expect(report.sentences).toContain('Artikel terpopuler: /berita/pengumuman-cpns (600 kali dilihat).')
    expect(r.body).not.toContain('phish')
    expect(r.body).not.toContain('Judul palsu')

    const email = composeReportEmail(report, { pdf: null, link: null })
    expect(email.text).toContain('Artikel terpopuler: /berita/pengumuman-cpns (600 kali dilihat).')
    for (const body of [email.text, email.html, email.subject]) {
      expect(body).not.toContain('phish')
      expect(body).not.toContain('verifikasi NIP')
    }
  })

  it('prints the path, not the forged title, on the rendered report page (PDF)', { timeout: 120_000 }, async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const r = await t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-11', headers })
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(r.rawPayload)), { mergePages: true })
    const flat = (text as string).replace(/\s+/g, ' ')
    expect(flat).toContain('/berita/pengumuman-cpns')
    expect(flat).toContain('KIM Sangatta Aktif Kembali')
    expect(flat).not.toContain('phish')
    expect(flat).not.toContain('verifikasi NIP')
  })
})

describe(`monthly report PDF without Chromium on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ config: { chromiumPath: undefined, webDist: WEB_DIST }, clock: () => NOW })
  })
  afterAll(async () => t?.close())

  it('answers 503 pdf_unavailable, suggests Print, and the JSON says so', async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const pdf = await t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-10', headers })
    expect(pdf.statusCode).toBe(503)
    expect(pdf.json().error.code).toBe('pdf_unavailable')
    expect(pdf.json().error.message).toContain('Ctrl+P')
    const json = await t.app.inject({ url: '/api/reports/monthly?month=2026-10', headers })
    expect(json.statusCode).toBe(200)
    expect(json.json().pdfAvailable).toBe(false)
  })
})

describe(`monthly report PDFs queued on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    ensureWebDist()
    // One render at a time and one download waiting for it: small, so that a few readers fill it.
    t = await createTestApp({ config: { webDist: WEB_DIST, reportPdf: { concurrency: 1, maxWaiting: 1 } }, clock: () => NOW })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => t?.close())

  const pdf = (headers: Record<string, string>) => t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-10', headers })

  it('makes one PDF at a time per user: asking again meanwhile is 429 pdf_busy with Retry-After', { timeout: 120_000 }, async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const answers = await Promise.all([pdf(headers), pdf(headers)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 429])
    const busy = answers.find((a) => a.statusCode === 429)!
    expect(busy.json().error.code).toBe('pdf_busy')
    expect(busy.json().error.message).toContain(' / ')
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    // Each API token counts as its own user, and the user is free again once the PDF is made.
    const token = await createApiToken(t.app, { role: 'viewer' })
    const [again, other] = await Promise.all([pdf(headers), pdf(token.headers)])
    expect([again.statusCode, other.statusCode]).toEqual([200, 200])
  })

  it('answers 503 pdf_queue_full with Retry-After past the renders running and waiting', { timeout: 120_000 }, async () => {
    const readers = await Promise.all(Array.from({ length: 4 }, () => createApiToken(t.app, { role: 'viewer' })))
    const answers = await Promise.all(readers.map((r) => pdf(r.headers)))
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 503, 503])
    for (const full of answers.filter((a) => a.statusCode === 503)) {
      expect(full.json().error.code).toBe('pdf_queue_full')
      expect(full.json().error.message).toContain('Ctrl+P')
      expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    }
    for (const made of answers.filter((a) => a.statusCode === 200)) expect(made.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The queue empties: a refused reader gets theirs now.
    expect((await pdf(readers[answers.findIndex((a) => a.statusCode === 503)]!.headers)).statusCode).toBe(200)
  })
})

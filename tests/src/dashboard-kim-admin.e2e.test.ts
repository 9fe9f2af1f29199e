import { describe, expect, it } from 'vitest'
import { SEED_ARTICLE } from '@jangkau/server/demo/catalog.ts'
import type { KimActivityList, SummaryAnswer } from '@jangkau/shared'
import { ADMIN, dashboardApp, idNumber, OPERATOR, PHONE, TEST_TIMEOUT, VIEWER, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// The dashboard in Chromium, part 2: KIM for an operator and a viewer, every page accessible (and its
// screenshot), the session's end, the portal's history (part 1: dashboard.e2e.test.ts).

describe(`dashboard in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, api, openPage, settled, cardValues, expectAccessible, screenshot } = t

  // ——— KIM: operator and viewer ———

  it(
    'lets the Kutai Timur operator record an activity through the form and shows it in the timeline',
    async () => {
      await signInAs(OPERATOR)
      const { page, errors } = await openPage()
      // Not for a group of another regency: no buttons there.
      await page.goto(`${t.base}/kim/grup/${t.kukarGroupId}`)
      await settled(page)
      expect(await page.getByRole('link', { name: 'Catat kegiatan' }).count()).toBe(0)
      expect(await page.getByRole('link', { name: 'Ubah data' }).count()).toBe(0)

      await page.goto(`${t.base}/kim/grup/${t.kutimGroupId}`)
      await settled(page)
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('KIM Teluk Singkama')
      await page.locator('.page-actions').getByRole('link', { name: 'Catat kegiatan' }).click()
      await page.waitForURL(`${t.base}/kim/kegiatan/baru?grup=${t.kutimGroupId}`, { timeout: WAIT.timeout })
      await settled(page)
      await expect.poll(() => page.getByLabel(/^KIM/).inputValue(), WAIT).toBe(String(t.kutimGroupId))
      await page.getByLabel(/^Jenis kegiatan/).selectOption('pelatihan')
      await page.getByLabel(/^Tanggal kegiatan/).fill('2026-11-26')
      await page.getByLabel(/^Judul kegiatan/).fill('Pelatihan Fotografi Ponsel untuk Konten Desa')
      await page.getByLabel(/^Peserta/).fill('17')
      await page.getByLabel(/^Konten dihasilkan/).fill('4')
      await page.getByLabel(/^Catatan/).fill('Diikuti pemuda Teluk Singkama; hasil foto diunggah ke Instagram KIM.')
      await page.getByRole('button', { name: 'Simpan' }).click()

      await page.waitForURL(`${t.base}/kim/grup/${t.kutimGroupId}`, { timeout: WAIT.timeout })
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kegiatan tersimpan.' }).count(), WAIT).toBe(1)
      await settled(page)
      // The entry as read, without its Ubah/Hapus buttons (dashboard-kim-activity-edit.e2e.test.ts).
      const first = page.locator('ol.timeline > li').first()
      const entryText = await first.evaluate((li) => {
        const copy = li.cloneNode(true) as HTMLElement
        copy.querySelector('.activity-actions')?.remove()
        return copy.textContent
      })
      expect(entryText?.replace(/\s+/g, ' ')).toBe('26 Nov 2026Pelatihan Pelatihan Fotografi Ponsel untuk Konten Desa17 peserta · 4 konten')

      const stored = await api<KimActivityList>(`/api/kim/activities?group=${t.kutimGroupId}&limit=1`)
      expect(stored.items[0]).toMatchObject({
        groupId: t.kutimGroupId,
        type: 'pelatihan',
        date: '2026-11-26',
        title: 'Pelatihan Fotografi Ponsel untuk Konten Desa',
        participants: 17,
        contentItems: 4,
        notes: 'Diikuti pemuda Teluk Singkama; hasil foto diunggah ke Instagram KIM.',
      })
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'offers a viewer no edit or add buttons, and the API refuses the viewer’s write with 403',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/kim`)
      await settled(page)
      for (const name of ['Tambah KIM', 'Catat kegiatan', 'Impor CSV', 'Ubah data']) {
        expect(await page.getByRole('link', { name }).count(), name).toBe(0)
        expect(await page.getByRole('button', { name }).count(), name).toBe(0)
      }
      await page.goto(`${t.base}/kim/grup/${t.kutimGroupId}`)
      await settled(page)
      expect(await page.locator('.page-actions').count()).toBe(0)
      expect(await page.locator('ol.timeline > li').count()).toBeGreaterThan(0)
      // Typing the form's address only says it is not allowed.
      await page.goto(`${t.base}/kim/kegiatan/baru?grup=${t.kutimGroupId}`)
      await settled(page)
      expect(await page.getByText('Akun Anda tidak dapat mengubah data KIM.').count()).toBe(1)
      expect(await page.locator('form').count()).toBe(0)
      // No admin tab in the navigation.
      expect(await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link').allTextContents()).toEqual([
        'Ringkasan',
        'Wilayah',
        'Kategori',
        'Artikel',
        'KIM',
        'Laporan bulanan',
        'Ekspor',
      ])

      // The server decides: the same write the form would send, with the session's CSRF token.
      const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me')
      const write = await page.evaluate(
        async ({ groupId, csrf }) => {
          const r = await fetch('/api/kim/activities', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
            body: JSON.stringify({ groupId, type: 'sosialisasi', date: '2026-11-20', title: 'Tidak boleh tersimpan' }),
          })
          return { status: r.status, body: await r.json() }
        },
        { groupId: t.kutimGroupId, csrf: csrfToken },
      )
      expect({ status: write.status, code: write.body.error.code }).toEqual({ status: 403, code: 'forbidden' })
      const stored = await t.app.db.selectFrom('kim_activities').select('id').where('title', '=', 'Tidak boleh tersimpan').execute()
      expect(stored).toEqual([])
      // The refused write is the only thing the console reports.
      expect(errors).toEqual([
        `console: Failed to load resource: the server responded with a status of 403 (Forbidden) (${t.base}/api/kim/activities)`,
      ])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  // ——— every page: accessible, and a picture for the README ———

  it('renders every page without console errors or serious accessibility violations', async () => {
    await signInAs(ADMIN)
    const { page, errors } = await openPage()
    const pages: [name: string, path: string, options?: { fullPage?: boolean; scrollTo?: string }][] = [
      ['ringkasan', '/ringkasan', { fullPage: true }],
      ['wilayah', '/wilayah'],
      ['wilayah-banding', '/wilayah?banding=64.08,64.02,64.72', { scrollTo: 'section.comparison' }],
      ['wilayah-kutai-timur', '/wilayah/64.08'],
      ['kategori', '/kategori'],
      ['artikel', '/artikel?urut=views'],
      ['artikel-detail', `/artikel/${t.seedArticleId}?periode=tahun-ini`],
      ['kim', '/kim'],
      ['kim-grup', `/kim/grup/${t.kutimGroupId}`],
      ['kim-grup-baru', '/kim/grup/baru'],
      ['kim-grup-ubah', `/kim/grup/${t.kutimGroupId}/ubah`],
      ['kim-kegiatan-baru', `/kim/kegiatan/baru?grup=${t.kutimGroupId}`],
      ['kim-impor', '/kim/impor'],
      ['ekspor', '/ekspor'],
      ['laporan', '/laporan?bulan=2026-10', { fullPage: true }],
      ['admin-pengguna', '/admin/pengguna'],
      ['admin-token', '/admin/token'],
      ['admin-situs', '/admin/situs'],
      ['admin-kategori', '/admin/kategori'],
      ['admin-riwayat', '/admin/riwayat'],
      ['admin-laporan', '/admin/laporan'],
      ['admin-audit', '/admin/audit'],
    ]
    for (const [name, path, options] of pages) {
      await page.goto(`${t.base}${path}`)
      await settled(page)
      // Charts load in their own chunk after the numbers; wait for what each page draws.
      await page.waitForFunction(() => document.querySelectorAll('.recharts-wrapper:not(:has(svg))').length === 0, null, {
        timeout: WAIT.timeout,
      })
      await expectAccessible(page, path)
      await screenshot(page, name, options)
    }
    // The article page opened directly (no row from the list) shows the catalogue's counter.
    await page.goto(`${t.base}/artikel/${t.seedArticleId}`)
    await settled(page)
    expect(await page.locator('h1').textContent()).toBe(SEED_ARTICLE.title)
    expect(await page.locator('.counter .stat-value').textContent()).toBe('493')

    await page.setViewportSize(PHONE)
    await page.goto(`${t.base}/ringkasan`)
    await settled(page)
    await expectAccessible(page, '/ringkasan on a phone')
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'ringkasan-ponsel')
    expect(errors).toEqual([])
    await page.close()
  }, 300_000)

  // ——— the session ends ———

  it(
    'says clearly that the session expired and returns to the page after signing in again',
    async () => {
      await signInAs(VIEWER)
      const { page } = await openPage()
      await page.goto(`${t.base}/kategori`)
      await settled(page)
      // Twelve hours and a minute later (SESSION_TTL_HOURS = 12), the next request finds the session over.
      t.clockOffsetMs = (t.app.config.sessionTtlHours * 60 + 1) * 60_000
      try {
        await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Artikel' }).click()
        await page.waitForURL((u) => u.pathname === '/masuk', { timeout: WAIT.timeout })
        expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ alasan: 'sesi-berakhir', kembali: '/artikel' })
        await expect
          .poll(() => page.getByRole('alert').textContent(), WAIT)
          .toBe('Sesi Anda telah berakhir. Silakan masuk lagi untuk melanjutkan.')
        await expectAccessible(page, 'Masuk after expiry')

        await page.getByLabel('Surel').fill(VIEWER.email)
        await page.getByLabel('Kata sandi').fill(VIEWER.password)
        await page.getByRole('button', { name: 'Masuk' }).click()
        await page.waitForURL(`${t.base}/artikel`, { timeout: WAIT.timeout })
        await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Artikel')
      } finally {
        t.clockOffsetMs = 0
      }
      await page.close()
    },
    TEST_TIMEOUT,
  )

  // ——— the portal's history (last: it changes the seed article's counter) ———

  it(
    'imports the portal’s daily counts from Admin · Riwayat portal; stats and the counter show them once',
    async () => {
      await signInAs(ADMIN)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/admin/riwayat`)
      await settled(page)
      // The CMS counted the seed article's first days, in April 2022, before Jangkau existed.
      const csv = [
        'url;date;views',
        `${SEED_ARTICLE.url};2022-04-20;187`,
        `${SEED_ARTICLE.url};2022-04-21;64`,
        `${SEED_ARTICLE.url};2022-04-22;12`,
      ].join('\n')
      const upload = async () => {
        await page.getByLabel('Hitungan harian').check()
        await page.getByLabel('Berkas CSV').setInputFiles({ name: 'riwayat-harian.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
        await page.getByRole('button', { name: 'Unggah dan impor' }).click()
        await page.locator('.notice.success').waitFor({ timeout: WAIT.timeout })
        return page.locator('.notice.success').textContent()
      }
      expect(await upload()).toBe('3 baris diperiksa: 3 hari baru, 0 hari diubah, 0 hari tetap; 0 artikel baru.')
      expect(await upload()).toBe('3 baris diperiksa: 0 hari baru, 0 hari diubah, 3 hari tetap; 0 artikel baru.')
      await expectAccessible(page, 'Admin · Riwayat portal')

      // A wrong file is refused line by line, and nothing of it is stored.
      await page.getByLabel('Berkas CSV').setInputFiles({
        name: 'salah.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`url;date;views\n${SEED_ARTICLE.url};2022-04-31;5\n`),
      })
      await page.getByRole('button', { name: 'Unggah dan impor' }).click()
      await expect
        .poll(() => page.getByRole('alert').first().textContent(), WAIT)
        .toBe('1 kesalahan ditemukan. Perbaiki baris berikut, lalu unggah lagi.')

      // Ringkasan for April 2022: the imported views, said to be imported.
      await page.goto(`${t.base}/ringkasan?dari=2022-04-01&sampai=2022-04-30`)
      await settled(page)
      const april = await api<SummaryAnswer>('/api/stats/summary?metrics=views,imported_views&from=2022-04-01&to=2022-04-30')
      expect(april.imported_views).toBe(263)
      expect(april.views).toBeGreaterThan(263) // the demo's own views of the new article, too
      await expect.poll(async () => (await cardValues(page)).Tayangan, WAIT).toBe(april.views)
      expect(await page.locator('.cards .stat-card').first().locator('.stat-hint').textContent()).toBe(
        'termasuk 263 tayangan impor dari penghitung lama portal (tanpa data pengunjung)',
      )

      // The article's counter: 493 counted by Jangkau plus the 263 the portal had counted.
      await page.goto(`${t.base}/artikel/${t.seedArticleId}`)
      await settled(page)
      expect(idNumber((await page.locator('.stat-card.counter .stat-value').textContent()) ?? '')).toBe(756)
      const counter = await t.browser.context.request.get(`${t.base}/api/counter?url=${encodeURIComponent(SEED_ARTICLE.url)}`)
      expect(await counter.json()).toEqual({ url: SEED_ARTICLE.url, views: 756 })
      // The browser logs the refused upload's 400; nothing else may go wrong.
      expect(errors.filter((e) => !e.includes('status of 400 (Bad Request) (http://127.0.0.1:'))).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})

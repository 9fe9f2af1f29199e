import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { AuditList, KimActivity, KimActivityList } from '@jangkau/shared'
import { signIn, TEST_PASSWORD } from './helpers/auth.ts'
import { ADMIN, dashboardApp, OPERATOR, TEST_TIMEOUT, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// The dashboard in Chromium: a recorded KIM activity changed and deleted from the group's page, by
// the operator of its regency (with a confirmation dialog), audited; refused to an operator elsewhere.

describe(`KIM activities edited and deleted in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, api, openPage, settled, expectAccessible, screenshot } = t

  /** The timeline entry of one activity (found by its edit link: titles may repeat). */
  const entry = (page: Page, id: number) => page.locator('ol.timeline > li', { has: page.locator(`a[href="/kim/kegiatan/${id}/ubah"]`) })

  /** A write the dashboard could send, from inside the page with the session's CSRF token: its status and error code. */
  async function write(page: Page, method: 'PATCH' | 'DELETE', path: string, body?: object) {
    const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me')
    return page.evaluate(
      async ({ method, path, body, csrf }) => {
        const r = await fetch(path, {
          method,
          headers: { 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
        const text = await r.text()
        return { status: r.status, code: text ? (JSON.parse(text).error?.code as string | undefined) : undefined }
      },
      { method, path, body, csrf: csrfToken },
    )
  }

  it(
    'lets the Kutai Timur operator change an activity and delete one after confirming, both audited',
    async () => {
      await signInAs(OPERATOR)
      const latest = (await api<KimActivityList>(`/api/kim/activities?group=${t.kutimGroupId}&limit=3`)).items
      const [edited, deleted, vanished] = latest as [KimActivity, KimActivity, KimActivity]
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/kim/grup/${t.kutimGroupId}`)
      await settled(page)

      // ——— Ubah: the form opens filled in, saving sends the change ———
      await entry(page, edited.id).getByRole('link', { name: /^Ubah/ }).click()
      await page.waitForURL(`${t.base}/kim/kegiatan/${edited.id}/ubah`, { timeout: WAIT.timeout })
      await settled(page)
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe(`Ubah kegiatan: ${edited.title}`)
      await expect.poll(() => page.getByLabel(/^KIM/).inputValue(), WAIT).toBe(String(t.kutimGroupId))
      expect(await page.getByLabel(/^Judul kegiatan/).inputValue()).toBe(edited.title)
      expect(await page.getByLabel(/^Tanggal kegiatan/).inputValue()).toBe(edited.date)
      expect(await page.getByLabel(/^Peserta/).inputValue()).toBe(String(edited.participants))
      await expectAccessible(page, 'the activity edit form')
      await screenshot(page, 'kim-kegiatan-ubah')
      const participants = edited.participants + 7
      await page.getByLabel(/^Judul kegiatan/).fill('Sosialisasi Literasi Digital (diperbaiki)')
      await page.getByLabel(/^Peserta/).fill(String(participants))
      await page.getByRole('button', { name: 'Simpan' }).click()
      await page.waitForURL(`${t.base}/kim/grup/${t.kutimGroupId}`, { timeout: WAIT.timeout })
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kegiatan tersimpan.' }).count(), WAIT).toBe(1)
      await settled(page)
      const changed = entry(page, edited.id)
      expect(await changed.locator('strong').textContent()).toBe('Sosialisasi Literasi Digital (diperbaiki)')
      expect(await changed.locator('.activity-meta').textContent()).toMatch(new RegExp(`^${participants} peserta`))

      // ——— Hapus: a dialog names the activity and its day; Batal keeps it ———
      const target = entry(page, deleted.id)
      const day = (await target.locator('time').textContent()) ?? ''
      await target.getByRole('button', { name: /^Hapus/ }).click()
      const dialog = page.getByRole('dialog', { name: 'Hapus kegiatan?' })
      await dialog.waitFor({ timeout: WAIT.timeout })
      expect(await dialog.textContent()).toContain(`Kegiatan “${deleted.title}” tanggal ${day} akan dihapus`)
      // Focus starts on the safe choice.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Batal')
      await expectAccessible(page, 'the delete dialog')
      await screenshot(page, 'kim-kegiatan-hapus')
      await dialog.getByRole('button', { name: 'Batal' }).click()
      await dialog.waitFor({ state: 'hidden', timeout: WAIT.timeout })
      expect(await target.count()).toBe(1)
      expect((await api<KimActivity>(`/api/kim/activities/${deleted.id}`)).id).toBe(deleted.id)

      await target.getByRole('button', { name: /^Hapus/ }).click()
      await dialog.getByRole('button', { name: 'Hapus' }).click()
      await expect.poll(() => target.count(), WAIT).toBe(0)
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kegiatan dihapus.' }).count(), WAIT).toBe(1)
      const gone = await t.browser.context.request.get(`${t.base}/api/kim/activities/${deleted.id}`)
      expect(gone.status()).toBe(404)

      // ——— the server's refusal shows in the form: the activity was deleted meanwhile ———
      await page.goto(`${t.base}/kim/kegiatan/${vanished.id}/ubah`)
      await settled(page)
      expect(await write(page, 'DELETE', `/api/kim/activities/${vanished.id}`)).toEqual({ status: 204, code: undefined })
      await page.getByLabel(/^Judul kegiatan/).fill('Tidak ada lagi')
      await page.getByRole('button', { name: 'Simpan' }).click()
      await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toBe(`Tidak tersimpan. Kegiatan ${vanished.id} tidak ditemukan.`)
      expect(page.url()).toBe(`${t.base}/kim/kegiatan/${vanished.id}/ubah`)
      const refused = `/api/kim/activities/${vanished.id}`
      expect(errors).toEqual([
        `console: Failed to load resource: the server responded with a status of 404 (Not Found) (${t.base}${refused})`,
      ])
      await page.close()

      // ——— the audit log has the change (before and after) and the deletion, by the operator ———
      await signInAs(ADMIN)
      const audit = await api<AuditList>('/api/audit?entity=kim_activity&limit=10')
      const of = (id: number) => audit.items.filter((e) => e.entityId === String(id))
      expect(of(edited.id)).toMatchObject([
        {
          action: 'update',
          actorName: OPERATOR.name,
          before: { title: edited.title, participants: edited.participants },
          after: { title: 'Sosialisasi Literasi Digital (diperbaiki)', participants },
        },
      ])
      expect(of(deleted.id)).toMatchObject([
        { action: 'delete', actorName: OPERATOR.name, before: { id: deleted.id, title: deleted.title }, after: null },
      ])
    },
    TEST_TIMEOUT,
  )

  it(
    'offers admins the buttons everywhere, an operator of another regency none, and the API refuses that operator',
    async () => {
      await signInAs(ADMIN)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/kim/grup/${t.kukarGroupId}`)
      await settled(page)
      expect(await page.locator('ol.timeline .activity-actions').count()).toBeGreaterThan(0)

      // An operator of Kutai Kartanegara looks at a Kutai Timur group.
      const kukar = await signIn(t.app, { role: 'operator', regions: ['64.02'], name: 'Operator Kukar' })
      await signInAs({ ...OPERATOR, email: kukar.user.email, password: TEST_PASSWORD })
      const [activity] = (await api<KimActivityList>(`/api/kim/activities?group=${t.kutimGroupId}&limit=1`)).items as [KimActivity]
      await page.goto(`${t.base}/kim/grup/${t.kutimGroupId}`)
      await settled(page)
      expect(await page.locator('ol.timeline > li').count()).toBeGreaterThan(0)
      expect(await page.locator('ol.timeline .activity-actions').count()).toBe(0)
      expect(await page.getByRole('button', { name: /^Hapus/ }).count()).toBe(0)
      expect(await page.getByRole('link', { name: /^Ubah/ }).count()).toBe(0)
      // The form's address typed in only says it is not allowed.
      await page.goto(`${t.base}/kim/kegiatan/${activity.id}/ubah`)
      await settled(page)
      expect(await page.getByText('Akun Anda tidak dapat mengubah data KIM.').count()).toBe(1)
      expect(await page.locator('form').count()).toBe(0)

      // The server decides: the writes the dashboard would send are refused, and nothing changes.
      const path = `/api/kim/activities/${activity.id}`
      expect(await write(page, 'PATCH', path, { participants: 999 })).toEqual({ status: 403, code: 'forbidden_region' })
      expect(await write(page, 'DELETE', path)).toEqual({ status: 403, code: 'forbidden_region' })
      expect(await api<KimActivity>(path)).toEqual(activity)
      expect(errors).toEqual([
        `console: Failed to load resource: the server responded with a status of 403 (Forbidden) (${t.base}${path})`,
        `console: Failed to load resource: the server responded with a status of 403 (Forbidden) (${t.base}${path})`,
      ])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})

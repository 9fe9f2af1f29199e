import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BreakdownAnswer, KimFacts, MonthlyReport, SummaryAnswer } from '@jangkau/shared'
import { idPercent } from './helpers/monthly-report.ts'
import { kimRegistryApp, MERABU, SANGKIMA, TELUK_SINGKAMA } from './helpers/kim-registry.ts'
import { testDatabase } from './helpers/test-app.ts'

// Village coverage is two named metrics, each counted in one place (server/src/stats/coverage.ts):
// `coverage` (villages with a KIM that is not disbanded) and `active_coverage` (villages with an
// active KIM), percent with one decimal. Every path that shows them gives the same number for a
// regency and for the province: the stats summary and breakdown, the stats CSV (the "KIM per
// kabupaten/kota" export), the KIM facts of /kim and the monthly report (and so its PDF). Before,
// the KIM facts counted only active KIM as a fraction 0..1 and the stats any KIM in percent, so
// Kutai Timur read 4,3 % on /kim and 6,4 % in the report.

describe(`village coverage is the same number on every path on ${testDatabase}`, () => {
  const t = kimRegistryApp()
  const { admin, kutim, viewer, call, createGroup } = t
  // "Today" is 2026-03-10 (WITA); every status below is older than February, so February's last day,
  // the last 30 days and today all see the same registry.
  const TODAY = '2026-03-10'
  const LAST_30 = 'from=2026-02-09&to=2026-03-10'
  const FEBRUARY = 'from=2026-02-01&to=2026-02-28'

  const get = async <T>(url: string): Promise<T> => {
    const r = await call(viewer, 'GET', url)
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as T
  }
  /** The stats CSV (BOM, semicolons, decimal comma) as rows keyed by header. */
  const csvRows = async (url: string): Promise<Record<string, string>[]> => {
    const r = await call(viewer, 'GET', url)
    expect(r.statusCode, r.body).toBe(200)
    const lines = r.body.replace(/^\uFEFF/, '').split(/\r?\n/)
    const body = (lines[0]!.startsWith('sep=') ? lines.slice(1) : lines).join('\n')
    return parse(body, { delimiter: ';', columns: true, skip_empty_lines: true }) as Record<string, string>[]
  }
  const decimal = (s: string) => Number(s.replace(/\./g, '').replace(',', '.'))
  const villages = async (prefix: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from regions where level = 'desa' and code like ${`${prefix}%`}`.execute(t.app.db))
        .rows[0]!.n,
    )

  beforeEach(async () => {
    const [third, fourth] = (
      await sql<{ code: string }>`select code from regions where level = 'desa' and code like '64.08.%'
        and code not in (${TELUK_SINGKAMA}, ${SANGKIMA}) order by code limit 2`.execute(t.app.db)
    ).rows.map((r) => r.code)
    // Kutai Timur: Teluk Singkama active; Sangkima dormant (vakum, no active KIM in its village);
    // another village with an active KIM and a dormant one; a disbanded KIM in a fourth village.
    await createGroup(kutim, { name: 'KIM Teluk Singkama', villageCode: TELUK_SINGKAMA, status: 'aktif', statusSince: '2020-03-02' })
    await createGroup(kutim, { name: 'KIM Sangkima', villageCode: SANGKIMA, status: 'vakum', statusSince: '2022-04-01', budget: 'tidak' })
    await createGroup(kutim, { name: 'KIM Singa Geweh', villageCode: third, status: 'aktif', statusSince: '2021-01-04' })
    await createGroup(kutim, { name: 'KIM Singa Muda', villageCode: third, status: 'vakum', statusSince: '2023-06-01' })
    await createGroup(kutim, { name: 'KIM Sangatta Lama', villageCode: fourth, status: 'bubar', statusSince: '2024-02-01' })
    // Berau: one active KIM.
    await createGroup(admin, { name: 'KIM Merabu', villageCode: MERABU, status: 'aktif', statusSince: '2024-01-15' })
  })

  it('gives one number per metric for Kutai Timur and for the province, through every path', async () => {
    const kutimVillages = await villages('64.08.')
    const allVillages = await villages('64.')
    const expected = {
      // Villages with a KIM that is not disbanded: Teluk Singkama, Sangkima, the third village (counted once).
      kutim: { coverage: Math.round((3 / kutimVillages) * 1000) / 10, active_coverage: Math.round((2 / kutimVillages) * 1000) / 10 },
      // Over all villages of the province, with Merabu: not an average of the regencies' percents.
      province: { coverage: Math.round((4 / allVillages) * 1000) / 10, active_coverage: Math.round((3 / allVillages) * 1000) / 10 },
    }
    // The data is chosen so that the two metrics differ.
    expect(expected.kutim.coverage).toBeGreaterThan(expected.kutim.active_coverage)
    expect(expected.province.coverage).toBeGreaterThan(expected.province.active_coverage)

    for (const [scope, region] of [
      ['kutim', '&region=64.08'],
      ['province', ''],
    ] as const) {
      const want = expected[scope]
      for (const range of [LAST_30, FEBRUARY]) {
        // /api/stats/summary: the cards and the comparison of /wilayah.
        const summary = await get<SummaryAnswer>(`/api/stats/summary?metrics=coverage,active_coverage&${range}${region}`)
        expect({ coverage: summary.coverage, active_coverage: summary.active_coverage }, `${scope} ${range}`).toEqual(want)
      }
      // /api/kim/facts: the cards of /kim (the scope's total, counted by the server).
      const facts = await get<KimFacts>(`/api/kim/facts${region ? `?region=64.08` : ''}`)
      expect({ coverage: facts.total.coverage, active_coverage: facts.total.active_coverage }, scope).toEqual(want)
      // The monthly report of February (JSON; the PDF prints this JSON), its figures and its sentence.
      const report = await get<MonthlyReport>(`/api/reports/monthly?month=2026-02${region}`)
      expect({ coverage: report.kim.coverage, active_coverage: report.kim.activeCoverage }, scope).toEqual(want)
      expect(report.sentences.join(' ')).toContain(
        `${idPercent(want.coverage)} desa/kelurahan sudah memiliki KIM, ${idPercent(want.active_coverage)} memiliki KIM aktif.`,
      )
    }

    // Per regency: the stats breakdown (/wilayah's table and map), its CSV (the "KIM per
    // kabupaten/kota" export) and the KIM facts' table on /kim.
    const metrics = 'metrics=kim_groups,kim_active,coverage,active_coverage&by=region'
    const breakdown = await get<BreakdownAnswer>(`/api/stats/breakdown?${metrics}&${LAST_30}`)
    const csv = await csvRows(`/api/stats/breakdown?${metrics}&${LAST_30}&format=csv`)
    const facts = await get<KimFacts>('/api/kim/facts')
    const row = breakdown.rows.find((r) => r.key === '64.08')!
    expect({ coverage: row.coverage, active_coverage: row.active_coverage }).toEqual(expected.kutim)
    const csvKutim = csv.find((r) => r.Kode === '64.08')!
    expect({
      coverage: decimal(csvKutim['Desa dengan KIM (%)']!),
      active_coverage: decimal(csvKutim['Desa dengan KIM aktif (%)']!),
    }).toEqual(expected.kutim)
    const factsKutim = facts.regencies.find((r) => r.regionCode === '64.08')!
    expect({ coverage: factsKutim.coverage, active_coverage: factsKutim.active_coverage }).toEqual(expected.kutim)
    expect(factsKutim).toMatchObject({
      villages: kutimVillages,
      villagesWithKim: 3,
      villagesWithActiveKim: 2,
      aktif: 2,
      vakum: 2,
      bubar: 1,
    })

    // Every regency agrees between the stats, the CSV and the facts; the province total is the
    // sum of the regencies' villages, not the mean of their percents.
    for (const f of facts.regencies) {
      const s = breakdown.rows.find((r) => r.key === f.regionCode)
      const c = csv.find((r) => r.Kode === f.regionCode)
      expect({ coverage: s?.coverage ?? 0, active_coverage: s?.active_coverage ?? 0 }, f.regionCode).toEqual({
        coverage: f.coverage,
        active_coverage: f.active_coverage,
      })
      if (c) expect(decimal(c['Desa dengan KIM (%)']!), f.regionCode).toBe(f.coverage)
    }
    const sum = (pick: (r: KimFacts['regencies'][number]) => number) => facts.regencies.reduce((n, r) => n + pick(r), 0)
    expect(facts.total).toEqual({
      villages: allVillages,
      villagesWithKim: sum((r) => r.villagesWithKim),
      villagesWithActiveKim: sum((r) => r.villagesWithActiveKim),
      ...expected.province,
    })
    expect(facts.total.villages).toBe(sum((r) => r.villages))
    expect(TODAY).toBe(facts.to)
  })

  it('follows a status change at once: a dormant KIM made active moves only active_coverage', async () => {
    const before = await get<SummaryAnswer>(`/api/stats/summary?metrics=coverage,active_coverage&${LAST_30}&region=64.08`)
    const sangkima = (await get<{ items: { id: number; name: string }[] }>('/api/kim/groups?region=64.08&limit=50')).items.find(
      (g) => g.name === 'KIM Sangkima',
    )!
    const r = await call(kutim, 'PATCH', `/api/kim/groups/${sangkima.id}`, { status: 'aktif', statusSince: TODAY })
    expect(r.statusCode, r.body).toBe(200)
    const after = await get<SummaryAnswer>(`/api/stats/summary?metrics=coverage,active_coverage&${LAST_30}&region=64.08`)
    const facts = await get<KimFacts>('/api/kim/facts?region=64.08')
    expect(after.coverage).toBe(before.coverage)
    expect(after.active_coverage).toBeGreaterThan(before.active_coverage!)
    expect({ coverage: facts.total.coverage, active_coverage: facts.total.active_coverage }).toEqual({
      coverage: after.coverage,
      active_coverage: after.active_coverage,
    })
  })
})

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_REGENCIES, DEMO_USERS, SEED_ARTICLE } from '@jangkau/server/demo/catalog.ts'
import { loadDemoOnFirstStart } from '@jangkau/server/demo/first-start.ts'
import { generateDemoData } from '@jangkau/server/demo/generate.ts'
import { loadDemoData } from '@jangkau/server/demo/load.ts'
import { listVillages } from '@jangkau/server/queries/regions.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { KIM_ACTIVITY_TYPES, type KimActivityList, type KimGroupDetail, type KimGroupList } from '@jangkau/shared'
import { randomIp, sessionCookieOf } from './helpers/auth.ts'
import { countEveryTable, NOW, rollupTables, symmetricDifference, WITA } from './helpers/demo.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// The demo data set as `pnpm start` loads it (guards at start: demo-first-start.test.ts).

describe(`demo data on ${testDatabase}`, () => {
  let t: TestApp
  let firstCounts: Record<string, number>

  beforeAll(async () => {
    t = await createTestApp({ clock: () => NOW })
    if (testDatabase === 'pglite') {
      // What `pnpm start` does on an empty embedded database (the test app's PGlite has no DATABASE_URL).
      const demo = await loadDemoOnFirstStart(t.app)
      expect(demo).toMatchObject({ loadedNow: true })
    } else {
      // Never into a Postgres given by DATABASE_URL at start: only when asked (pnpm db:seed-demo).
      expect(await loadDemoOnFirstStart(t.app)).toBeNull()
      const result = await loadDemoData(t.app.db, { timeZone: WITA, now: NOW })
      expect(result.loaded).toBe(true)
    }
    firstCounts = await countEveryTable(t)
  })
  afterAll(async () => t?.close())

  it('answers 493 on the public counter for the seed article', async () => {
    const answer = await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(SEED_ARTICLE.url)}` })
    expect(answer.statusCode).toBe(200)
    expect(answer.json()).toEqual({ url: SEED_ARTICLE.url, views: 493 })
    const article = await sql<{
      title: string
      author: string
      category: string
      region_code: string
      published_at: Date
      hostname: string
      raw: string
    }>`
      select a.title, a.author, c.name as category, a.region_code, a.published_at, s.hostname,
             (select count(*) from page_views v where v.article_id = a.id) as raw
      from articles a join categories c on c.id = a.category_id join sites s on s.id = a.site_id
      where a.url = ${SEED_ARTICLE.url}
    `.execute(t.app.db)
    expect(article.rows.map((r) => ({ ...r, published_at: new Date(r.published_at).toISOString(), raw: Number(r.raw) }))).toEqual([
      {
        title: 'Diskominfo Kaltim Lakukan Koordinasi dan Pembinaan KIM ke Kutim',
        author: 'Nichita Heryananda Putri',
        category: 'Pemerintahan',
        region_code: '64.08',
        published_at: '2022-04-20T00:26:00.000Z', // 08:26 WITA
        hostname: 'diskominfo.kaltimprov.go.id',
        raw: 493,
      },
    ])
  })

  it('signs in with every demo login and lists the three Kutim KIM formed in 2020', async () => {
    for (const user of DEMO_USERS) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: user.password },
        remoteAddress: randomIp(),
      })
      expect(login.statusCode).toBe(200)
      expect(login.json().user).toMatchObject({ email: user.email, role: user.role, regions: user.regions })
    }
    const operator = DEMO_USERS.find((u) => u.role === 'operator')!
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: operator.email, password: operator.password },
      remoteAddress: randomIp(),
    })
    const headers = { cookie: sessionCookieOf(login.headers['set-cookie']) }

    const list = await t.app.inject({ method: 'GET', url: '/api/kim/groups?region=64.08&limit=500', headers })
    expect(list.statusCode).toBe(200)
    const groups = (list.json() as KimGroupList).items
    const of2020 = groups.filter((g) => g.formedOn?.startsWith('2020')).sort((a, b) => a.villageCode.localeCompare(b.villageCode))
    expect(of2020.map((g) => ({ name: g.name, village: g.villageCode, villageName: g.villageName, sk: g.decreeNumber !== null }))).toEqual([
      { name: 'KIM Singa Gembara', village: '64.08.04.2011', villageName: 'Singa Gembara', sk: true },
      { name: 'KIM Sangkima', village: '64.08.12.2003', villageName: 'Sangkima', sk: true },
      { name: 'KIM Teluk Singkama', village: '64.08.12.2004', villageName: 'Teluk Singkama', sk: true },
    ])
    // Every KIM of Kutim came in 2020 or later; only these three by the seed article (April 2022).
    expect(groups.every((g) => g.formedOn! >= '2020-01-01')).toBe(true)
    expect(groups.filter((g) => g.formedOn! <= '2022-04-20')).toHaveLength(3)
    // "some KIM went dormant that year for lack of budget"
    const sangkima = of2020.find((g) => g.name === 'KIM Sangkima')!
    expect({ status: sangkima.status, since: sangkima.statusSince, budget: sangkima.budget }).toEqual({
      status: 'vakum',
      since: '2022-02-01',
      budget: 'tidak',
    })

    const singkama = of2020.find((g) => g.name === 'KIM Teluk Singkama')!
    const detail = await t.app.inject({ method: 'GET', url: `/api/kim/groups/${singkama.id}`, headers })
    expect((detail.json() as KimGroupDetail).statusHistory).toEqual([
      { status: 'aktif', changedOn: '2020-09-14' },
      { status: 'vakum', changedOn: '2022-01-10' },
      { status: 'aktif', changedOn: '2023-03-06' },
    ])
    const bimtek = await t.app.inject({ method: 'GET', url: `/api/kim/activities?group=${singkama.id}&type=bimtek&to=2021-12-31`, headers })
    expect(bimtek.statusCode).toBe(200)
    const found = (bimtek.json() as KimActivityList).items.filter((a) => a.title === 'Bimtek Dunia Digital')
    expect(
      found.map((a) => ({
        type: a.type,
        date: a.date,
        participants: a.participants,
        contentItems: a.contentItems,
        articleUrl: a.articleUrl,
      })),
    ).toEqual([{ type: 'bimtek', date: '2021-10-27', participants: 24, contentItems: 6, articleUrl: SEED_ARTICLE.url }])
  })

  it('gives every regency KIM groups and articles, Kukar the most KIM', async () => {
    const rows = await sql<{ code: string; kim: string; articles: string }>`
      select r.code,
             (select count(*) from kim_groups k where k.region_code = r.code) as kim,
             (select count(*) from articles a where a.region_code = r.code) as articles
      from regions r where r.level in ('kabupaten', 'kota') order by r.code
    `.execute(t.app.db)
    const byCode = rows.rows.map((r) => ({ code: r.code, kim: Number(r.kim), hasArticles: Number(r.articles) > 0 }))
    expect(byCode).toEqual(DEMO_REGENCIES.map((r) => ({ code: r.code, kim: r.kimGroups, hasArticles: true })))
    expect(Math.max(...byCode.map((r) => r.kim))).toBe(byCode.find((r) => r.code === '64.02')!.kim)
    expect(byCode.find((r) => r.code === '64.03')!.kim).toBe(8)
    expect(byCode.find((r) => r.code === '64.09')!.kim).toBe(24)
  })

  it('stores consistent KIM: real villages, status = last history entry, activities of every type on active days', async () => {
    const mismatched = await sql<{ id: number }>`
      select g.id from kim_groups g
      join regions v on v.code = g.village_code and v.level = 'desa'
      left join lateral (
        select s.status, s.changed_on from kim_status_changes s where s.group_id = g.id order by s.changed_on desc, s.id desc limit 1
      ) last on true
      where last.status is null or last.status <> g.status or last.changed_on <> g.status_since or g.district_code <> v.parent_code
    `.execute(t.app.db)
    expect(mismatched.rows).toEqual([])
    const notVillages = await sql<{ id: number }>`
      select g.id from kim_groups g left join regions v on v.code = g.village_code and v.level = 'desa' where v.code is null
    `.execute(t.app.db)
    expect(notVillages.rows).toEqual([])
    const types = await sql<{ type: string }>`select distinct type from kim_activities order by type`.execute(t.app.db)
    expect(types.rows.map((r) => r.type)).toEqual([...KIM_ACTIVITY_TYPES].sort())
    const outOfRange = await sql<{ id: number }>`
      select a.id from kim_activities a join kim_groups g on g.id = a.group_id
      where a.date < g.formed_on or a.date > date '2026-11-27'
    `.execute(t.app.db)
    expect(outOfRange.rows).toEqual([])
    const dormantWithoutBudget = await sql<{
      n: string
    }>`select count(*) as n from kim_groups where status = 'vakum' and budget = 'tidak'`.execute(t.app.db)
    expect(Number(dormantWithoutBudget.rows[0]!.n)).toBeGreaterThan(5)
  })

  it('keeps articles.views and every rollup table equal to a GROUP BY over the raw page views', async () => {
    const counter = await sql<{ n: string }>`
      select count(*) as n from articles a
      left join (select article_id, count(*) as views from page_views group by article_id) v on v.article_id = a.id
      where a.views <> coalesce(v.views, 0)
    `.execute(t.app.db)
    expect(Number(counter.rows[0]!.n)).toBe(0)

    // Written here from the definitions, not taken from rebuildRollups: views and unique visitors
    // per (WITA day, article[, referrer or device]); a month row sums its day rows; a segment row
    // sums the article rows of its site, regency and category.
    const differences: Record<string, number> = {}
    for (const [table, segmentTable, facet] of [
      ['rollup_views', 'rollup_segment_views', null],
      ['rollup_referrers', 'rollup_segment_referrers', 'referrer_host'],
      ['rollup_devices', 'rollup_segment_devices', 'device'],
    ] as const) {
      const rawFacet = facet === 'referrer_host' ? sql`coalesce(referrer_host, '')` : facet === 'device' ? sql`device` : sql`''`
      const storedFacet = facet ? sql.ref(facet) : sql`''`
      const articleRows = sql`
        with days as (
          select 'day'::text as grain, (occurred_at at time zone ${WITA})::date as period, article_id, ${rawFacet} as facet,
                 count(*) as views, count(distinct visitor_hash) as visitors
          from page_views group by 2, 3, 4
        )
        select * from days
        union all
        select 'month', date_trunc('month', period)::date, article_id, facet, sum(views), sum(visitors) from days group by 2, 3, 4
      `
      differences[table] = await symmetricDifference(
        t,
        articleRows,
        sql`select grain, period, article_id, ${storedFacet}, views, visitors from ${sql.table(table)}`,
      )
      differences[segmentTable] = await symmetricDifference(
        t,
        sql`
          with article_rows as (${articleRows})
          select r.grain, r.period, a.site_id, coalesce(left(a.region_code, 5), ''), coalesce(a.category_id, 0),
            r.facet, sum(r.views), sum(r.visitors)
          from article_rows r join articles a on a.id = r.article_id group by 1, 2, 3, 4, 5, 6
        `,
        sql`select grain, period, site_id, region_code, category_id, ${storedFacet}, views, visitors from ${sql.table(segmentTable)}`,
      )
    }
    // The recent tables: per hour for the last 48 hours, per minute for the last 2, and the visitors
    // already counted today and yesterday (per article, per referrer, per device).
    const since48h = new Date(NOW.getTime() - 48 * 3600_000).toISOString()
    differences.rollup_hours = await symmetricDifference(
      t,
      sql`select date_trunc('hour', occurred_at, 'UTC'), article_id, count(*) from page_views
        where occurred_at >= date_trunc('hour', ${since48h}::timestamptz, 'UTC') group by 1, 2`,
      sql`select hour, article_id, views from rollup_hours`,
    )
    const since2h = new Date(NOW.getTime() - 2 * 3600_000).toISOString()
    differences.rollup_minutes = await symmetricDifference(
      t,
      sql`select date_trunc('minute', occurred_at, 'UTC'), article_id, count(*) from page_views
        where occurred_at >= date_trunc('minute', ${since2h}::timestamptz, 'UTC') group by 1, 2`,
      sql`select minute, article_id, views from rollup_minutes`,
    )
    differences.rollup_visitors_seen = await symmetricDifference(
      t,
      sql`
        select (occurred_at at time zone ${WITA})::date, article_id, '', visitor_hash from page_views
          where occurred_at >= timestamptz '2026-11-26 00:00+08'
        union select (occurred_at at time zone ${WITA})::date, article_id, 'r:' || coalesce(referrer_host, ''), visitor_hash from page_views
          where occurred_at >= timestamptz '2026-11-26 00:00+08'
        union select (occurred_at at time zone ${WITA})::date, article_id, 'd:' || device, visitor_hash from page_views
          where occurred_at >= timestamptz '2026-11-26 00:00+08'
      `,
      sql`select day, article_id, facet, visitor_hash from rollup_visitors_seen`,
    )
    expect(differences).toEqual(Object.fromEntries(Object.keys(differences).map((table) => [table, 0])))

    // Not empty, so that the comparison above compares something in every table.
    const sizes = await sql<Record<string, string>>`
      select (select count(*) from rollup_segment_referrers where grain = 'month') as segment_months,
             (select count(*) from rollup_hours) as hours, (select count(*) from rollup_minutes) as minutes,
             (select count(*) from rollup_visitors_seen) as seen
    `.execute(t.app.db)
    for (const n of Object.values(sizes.rows[0]!)) expect(Number(n)).toBeGreaterThan(0)
    const totals = await sql<{ raw: string; days: string; months: string; referrers: string; devices: string }>`
      select (select count(*) from page_views) as raw,
             (select sum(views) from rollup_views where grain = 'day') as days,
             (select sum(views) from rollup_views where grain = 'month') as months,
             (select sum(views) from rollup_referrers where grain = 'day') as referrers,
             (select sum(views) from rollup_devices where grain = 'month') as devices
    `.execute(t.app.db)
    const n = Number(totals.rows[0]!.raw)
    expect(Object.values(totals.rows[0]!).map(Number)).toEqual([n, n, n, n, n])
    expect(n).toBeGreaterThanOrEqual(150_000)
    expect(n).toBeLessThanOrEqual(300_000)
  })

  it('gives the same rollups when they are rebuilt a month at a time, or only for some days', async () => {
    // The load recounts everything in one pass; a big database is recounted in many (one per month
    // or so). Both, and a partial rebuild of days that cut months in two, must leave every row as it was.
    const loaded = await rollupTables(t)
    await rebuildRollups(t.app.db, { now: NOW, viewsPerPass: 20_000 })
    expect(await rollupTables(t)).toEqual(loaded)
    await rebuildRollups(t.app.db, { now: NOW, from: '2024-01-17', to: '2024-03-09', viewsPerPass: 2_000 })
    expect(await rollupTables(t)).toEqual(loaded)
  })

  it('has the rhythm of real reading: office hours over nights, weekdays over weekends, mostly mobile', async () => {
    const shape = await sql<{
      day_hours: string
      night_hours: string
      weekday: string
      weekend: string
      mobile: string
      total: string
      referrers: string
    }>`
      select count(*) filter (where extract(hour from occurred_at at time zone ${WITA}) between 9 and 11) as day_hours,
             count(*) filter (where extract(hour from occurred_at at time zone ${WITA}) between 1 and 3) as night_hours,
             count(*) filter (where extract(isodow from occurred_at at time zone ${WITA}) <= 5) as weekday,
             count(*) filter (where extract(isodow from occurred_at at time zone ${WITA}) > 5) as weekend,
             count(*) filter (where device = 'mobile') as mobile,
             count(*) as total,
             count(distinct referrer_host) as referrers
      from page_views
    `.execute(t.app.db)
    const s = Object.fromEntries(Object.entries(shape.rows[0]!).map(([k, v]) => [k, Number(v)]))
    expect(s.day_hours).toBeGreaterThan(5 * s.night_hours!)
    expect(s.weekday! / 5).toBeGreaterThan(1.3 * (s.weekend! / 2))
    expect(s.mobile! / s.total!).toBeGreaterThan(0.6)
    expect(s.referrers).toBeGreaterThanOrEqual(10)
  })

  it('generates the same data for the same now, and none before 2024', async () => {
    const villages = await listVillages(t.app.db)
    const a = generateDemoData({ now: NOW, timeZone: WITA, villages })
    const b = generateDemoData({ now: NOW, timeZone: WITA, villages })
    expect(b.articles).toEqual(a.articles)
    expect(b.kimGroups).toEqual(a.kimGroups)
    expect([b.views.count, b.views.occurredAt, b.views.article, b.views.visitorHash]).toEqual([
      a.views.count,
      a.views.occurredAt,
      a.views.article,
      a.views.visitorHash,
    ])
    // What was loaded is this data: same articles, same number of views.
    const stored = await sql<{
      articles: string
      views: string
    }>`select (select count(*) from articles) as articles, (select count(*) from page_views) as views`.execute(t.app.db)
    expect([Number(stored.rows[0]!.articles), Number(stored.rows[0]!.views)]).toEqual([a.articles.length, a.views.count])
    expect(() => generateDemoData({ now: new Date('2023-06-01T00:00:00Z'), timeZone: WITA, villages })).toThrow(/after/)
  })

  it('does not duplicate anything when loaded again', async () => {
    const before = await countEveryTable(t)
    const again = await loadDemoData(t.app.db, { timeZone: WITA, now: NOW })
    expect(again.loaded).toBe(false)
    const reload = await loadDemoOnFirstStart(t.app)
    expect(reload === null || reload.loadedNow === false).toBe(true)
    expect(await countEveryTable(t)).toEqual(before)
    expect(firstCounts).toMatchObject({ sites: 4, categories: 12, articles: 561, users: 3, kim_groups: 182 })
  })
})

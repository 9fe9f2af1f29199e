import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { insertPageViews } from './queries/insert-page-views.ts'
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/jangkau_stats_dev', max: 2 }) }) })
const sites = (await sql<{ id: number; hostname: string }>`select id, hostname from sites`.execute(db)).rows
const arts = (await sql<{ url: string; site_id: number }>`select url, site_id from articles order by id limit 1000`.execute(db)).rows
const batch = () => Array.from({ length: 25 }, (_, i) => { const a = arts[Math.floor(Math.random() ** 2 * arts.length)]!; return { occurredAt: new Date(), siteId: a.site_id, url: a.url, visitorHash: String(Math.floor(Math.random() * 1e12)), referrerHost: Math.random() < 0.5 ? 'google.com' : null, device: 'mobile', browser: 'Chrome', article: { title: null, categoryId: null, regionCode: null, author: null, publishedAt: null } } })
for (let k = 0; k < 2; k++) {
  const t = performance.now()
  for (let i = 0; i < 100; i++) await db.transaction().execute((trx) => insertPageViews(trx as any, batch()))
  console.log('avg batch ms', ((performance.now() - t) / 100).toFixed(1))
}
await db.destroy()

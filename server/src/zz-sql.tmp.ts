import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { parseStatsQuery } from '@jangkau/shared'
import { buildFamilyQuery } from './stats/build-sql.ts'
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/jangkau_stats_dev' }) }) })
const params = JSON.parse(process.argv[2]!)
const r = parseStatsQuery(params, process.argv[3] as any, { timeZone: 'Asia/Makassar', today: '2026-11-28' })
if (!r.ok) throw new Error(r.message)
const c = buildFamilyQuery(db as any, 'page_views', r.query, r.query.range, 'Asia/Makassar').compile()
let text = c.sql
c.parameters.forEach((p, i) => { text = text.replace(new RegExp(`\\$${i + 1}(?!\\d)`), `'${p}'`) })
console.log(text)
await db.destroy()

import { type Kysely, sql } from 'kysely'

// The data of `pnpm bench stats` (stats.ts), generated in SQL: page views over two years for
// ARTICLES articles of 11 sites across the ten regencies and 12 categories, KIM groups and activities.

const ARTICLES = 20_000
const KIM_GROUPS = 300
const KIM_ACTIVITIES = 50_000

const REGENCIES = ['64.01', '64.02', '64.03', '64.07', '64.08', '64.09', '64.11', '64.71', '64.72', '64.74']
/** Rough shares of the province's readers: Samarinda, Balikpapan and Kukar read most. */
const REGENCY_WEIGHTS = [6, 16, 6, 4, 8, 5, 2, 18, 25, 10]
const CATEGORIES = [
  'Pemerintahan',
  'Kesehatan',
  'Pendidikan',
  'Ekonomi',
  'Pariwisata',
  'Infrastruktur',
  'Sosial',
  'Budaya',
  'Olahraga',
  'Lingkungan',
  'Hukum',
  'Teknologi',
]

/** One transaction, so that setseed holds for every statement: the same data on every run. */
export async function generate(db: Kysely<any>, views: number, end: Date): Promise<void> {
  await db.transaction().execute((trx) => generateIn(trx, views, end))
}

async function generateIn(db: Kysely<any>, views: number, end: Date): Promise<void> {
  const endIso = end.toISOString()
  await sql`select setseed(0.42)`.execute(db)
  await sql`insert into sites (hostname, name, region_code) values ('diskominfo.kaltimprov.go.id', 'Diskominfo Kaltim', null)`.execute(db)
  for (const code of REGENCIES) {
    await sql`insert into sites (hostname, name, region_code) select ${`portal-${code.replace('.', '-')}.go.id`},
      'Portal ' || name, code from regions where code = ${code}`.execute(db)
  }
  for (const name of CATEGORIES) await sql`insert into categories (slug, name) values (${name.toLowerCase()}, ${name})`.execute(db)
  // Articles: half from the province portal (about any regency, by weight), half from a regency's own
  // portal (about that regency); published evenly over two years.
  const cumulative = REGENCY_WEIGHTS.map((_, i) => REGENCY_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0) / 100)
  await sql`
    insert into articles (site_id, url, title, category_id, region_code, author, published_at, views)
    select s.id, 'https://' || s.hostname || '/berita/' || x.g, 'Berita ' || x.g, 1 + floor(random() * 12)::int, x.region,
      'Penulis ' || (1 + floor(random() * 200)::int),
      ${endIso}::timestamptz - interval '730 days' + (x.g::float / ${ARTICLES}) * interval '730 days',
      0
    from (
      select g, (${REGENCIES}::text[])[(select count(*) from unnest(${cumulative}::float8[]) c where c < r) + 1] as region,
      random() < 0.5 as province
      from (select g, random() as r from generate_series(1, ${ARTICLES}) g) q
    ) x
    join sites s on s.region_code is not distinct from case when x.province then null else x.region end`.execute(db)
  // Views: an article's popularity is heavy-tailed and independent of its date; a view comes soon after
  // publication (80 %: exponential, mean 2 days) or any time later (20 %). A visit has 1 to 3 views.
  const visits = Math.ceil(views / 1.3)
  await sql`
    insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
    select least(v.first_at + (n - 1) * interval '3 minutes', ${endIso}::timestamptz - interval '1 second'),
      a.site_id, a.id, v.visitor, v.referrer, v.device, v.browser
    from (
      select 1 + ((floor(${ARTICLES} * power(random(), 3))::bigint * 7919) % ${ARTICLES})::int as article,
        random() as age, random() as tail, (random() * 4e15)::bigint as visitor,
        (array[null, null, null, null, 'google.com', 'google.com', 'google.com', 'facebook.com', 'facebook.com',
          'wa.me', 't.co', 'instagram.com', 'kaltimprov.go.id', 'bing.com'])[1 + floor(random() * 14)::int]
          as referrer,
        (array['mobile', 'mobile', 'mobile', 'mobile', 'desktop', 'desktop', 'tablet'])[1 + floor(random() * 7)::int] as device,
        (array['Chrome', 'Chrome', 'Chrome', 'Safari', 'Samsung Browser', 'Firefox'])[1 + floor(random() * 6)::int] as browser,
        1 + (random() < 0.25)::int + (random() < 0.05)::int as pages
      from generate_series(1, ${visits})
    ) r
    join articles a on a.id = r.article
    cross join lateral (
      select a.published_at + least(
        case when r.tail < 0.8 then -ln(1 - r.age) * 2 else r.age * 365 end * interval '1 day',
        (${endIso}::timestamptz - a.published_at) * r.age) as first_at,
        r.visitor, r.referrer, r.device, r.browser
    ) v
    cross join generate_series(1, r.pages) as n
    order by 1
    limit ${views}`.execute(db)
  await sql`update articles a set views = c.n from (select article_id, count(*) as n from page_views group by 1) c
    where c.article_id = a.id`.execute(db)

  // KIM: 300 groups in random villages, formed 2020–2025, some dormant or disbanded since; 50,000 activities.
  await sql`
    insert into kim_groups (name, village_code, district_code, region_code, status, status_since, formed_on)
    select 'KIM ' || r.name, r.code, left(r.code, 8), left(r.code, 5), 'aktif', d, d
    from (select code, name, timestamp '2020-01-01' + random() * interval '2000 days' as d from regions where level = 'desa'
      order by random() limit ${KIM_GROUPS}) r`.execute(db)
  await sql`insert into kim_status_changes (group_id, status, changed_on) select id, 'aktif', formed_on from kim_groups`.execute(db)
  await sql`
    insert into kim_status_changes (group_id, status, changed_on)
    select id, case when random() < 0.25 then 'bubar' else 'vakum' end, formed_on + (random() * (current_date - formed_on))::int
    from kim_groups where random() < 0.4`.execute(db)
  await sql`
    update kim_groups g set status = s.status, status_since = s.changed_on
    from (select distinct on (group_id) group_id, status, changed_on from kim_status_changes order by group_id, changed_on desc, id desc) s
    where s.group_id = g.id`.execute(db)
  await sql`
    insert into kim_activities (group_id, type, title, date, participants, content_items)
    select 1 + floor(random() * ${KIM_GROUPS})::int,
      (array['sosialisasi', 'bimtek', 'pelatihan', 'produksi_konten', 'rapat_koordinasi',
        'pembinaan', 'monev', 'lomba', 'lainnya'])[1 + floor(random() * 9)::int],
      'Kegiatan ' || g, (${endIso}::timestamptz at time zone 'Asia/Makassar')::date - floor(random() * 730)::int,
      5 + floor(random() * 55)::int, floor(random() * 5)::int
    from generate_series(1, ${KIM_ACTIVITIES}) g`.execute(db)
}

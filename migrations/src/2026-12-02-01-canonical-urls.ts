import { sql, type Kysely } from 'kysely'

/** The advisory lock every writer of the rollups takes: "roll" in ASCII (server/src/queries/lock-rollups.ts). */
const ROLLUPS_LOCK_KEY = 0x726f6c6c

// One page is one article. Until now http:// and https://, "www.", ":443", an upper-case host and a
// trailing dot on the host each made an article of their own, with its own counter. The URL rule
// (normaliseArticleUrl) now gives them one canonical address; this migration merges the articles
// already split: per canonical address the oldest article stays and takes over the others' page
// views, imported days (added up), base views and counter (added up) and their empty metadata, its
// rollups are recounted from page_views, the others are deleted, and each merge is written to the
// audit log (actor null: the system). An article alone under its old address just gets the new one.
// Auto-created sites whose host ends in a dot (open mode) join the site of the same host.
//
// Merges cannot be undone: `down` changes nothing (the audit log keeps what was merged).
export async function up(db: Kysely<any>): Promise<void> {
  // No view may be stored for an old address meanwhile (another server still on the old code).
  await sql`lock table articles in share row exclusive mode`.execute(db)
  await mergeDottedSites(db)

  const articles = await db.selectFrom('articles').select(['id', 'url']).orderBy('id').execute()
  const groups = new Map<string, number[]>()
  for (const a of articles as { id: number; url: string }[]) {
    const canonical = canonicalArticleUrl(a.url)
    if (canonical === null) continue // never stored by ingest or the catalogue; left as it is
    const ids = groups.get(canonical)
    if (ids) ids.push(a.id)
    else groups.set(canonical, [a.id])
  }
  // Every article that changes: id, the oldest id of its group (which stays), its canonical URL and
  // whether it is merged with others (a group of more than one) or only renamed.
  const rows = articles as { id: number; url: string }[]
  const urlOf = new Map(rows.map((a) => [a.id, a.url]))
  const changes: { id: number; survivor: number; url: string; merged: boolean }[] = []
  for (const [url, ids] of groups) {
    if (ids.length === 1 && urlOf.get(ids[0]!) === url) continue
    for (const id of ids) changes.push({ id, survivor: ids[0]!, url, merged: ids.length > 1 })
  }
  if (changes.length === 0) return

  await sql`create temporary table canonical_merges
    (id integer primary key, survivor integer not null, url text not null, merged boolean not null)`.execute(db)
  await sql`
    insert into canonical_merges (id, survivor, url, merged)
    select * from unnest(
      ${changes.map((c) => c.id)}::int[], ${changes.map((c) => c.survivor)}::int[],
      ${changes.map((c) => c.url)}::text[], ${changes.map((c) => c.merged)}::boolean[]
    )
  `.execute(db)
  const before = await articleRows(db, false)

  const settings = await sql<{ time_zone: string | null }>`select time_zone from rollup_settings`.execute(db)
  const timeZone = settings.rows[0]?.time_zone ?? null
  // Rollups not built yet (null zone): the server builds them at start, from the merged page views.
  if (timeZone && before.length > 0) await forgetRollups(db)

  // The views, imported days, counters and empty metadata of the others go to the survivor.
  await sql`
    update page_views v set article_id = m.survivor, site_id = s.site_id
    from canonical_merges m join articles s on s.id = m.survivor
    where v.article_id = m.id and m.id <> m.survivor
  `.execute(db)
  await sql`
    insert into imported_daily_views (article_id, day, views)
    select m.survivor, i.day, sum(i.views) from imported_daily_views i join canonical_merges m on m.id = i.article_id
    where m.id <> m.survivor
    group by 1, 2
    on conflict (article_id, day) do update set views = imported_daily_views.views + excluded.views
  `.execute(db)
  const first = (column: string) => sql.raw(`(array_agg(x.${column} order by x.id) filter (where x.${column} is not null))[1] as ${column}`)
  await sql`
    update articles a set
      views = g.views, base_views = g.base_views,
      imported_views = coalesce((select sum(i.views) from imported_daily_views i where i.article_id = a.id), 0),
      title = coalesce(a.title, g.title), category_id = coalesce(a.category_id, g.category_id),
      region_code = coalesce(a.region_code, g.region_code), author = coalesce(a.author, g.author),
      published_at = coalesce(a.published_at, g.published_at)
    from (
      select m.survivor, sum(x.views) as views, sum(x.base_views) as base_views,
        ${first('title')}, ${first('category_id')}, ${first('region_code')}, ${first('author')}, ${first('published_at')}
      from canonical_merges m join articles x on x.id = m.id
      where m.merged
      group by m.survivor
    ) g
    where a.id = g.survivor
  `.execute(db)
  // imported_daily_views of the deleted ones go with them (on delete cascade); they were added above.
  await sql`delete from articles a using canonical_merges m where a.id = m.id and m.id <> m.survivor`.execute(db)
  await sql`update articles a set url = m.url from canonical_merges m where a.id = m.id and m.id = m.survivor`.execute(db)

  if (timeZone && before.length > 0) await recountRollups(db, timeZone)

  const after = await articleRows(db, true)
  const entries = after.map(({ survivor: _, ...survivor }) => ({
    actor_kind: null,
    actor_id: null,
    actor_name: null,
    action: 'update',
    entity: 'article',
    entity_id: String(survivor.id),
    before: JSON.stringify({ merged: before.filter((b) => b.survivor === survivor.id).map(({ survivor: _, ...b }) => b) }),
    after: JSON.stringify(survivor),
  }))
  if (entries.length > 0) await db.insertInto('audit_log').values(entries).execute()
  await sql`drop table canonical_merges`.execute(db)
}

export async function down(): Promise<void> {}

/**
 * normaliseArticleUrl (shared/src/article-url.ts) as it is at this migration, frozen here like the
 * schema, for a URL that was stored as an article key: its query holds only the parameters that were
 * kept (URL_KEEP_PARAMS), so every parameter it has is kept. Null for what is not an http(s) URL.
 */
export function canonicalArticleUrl(stored: string): string | null {
  let url: URL
  try {
    url = new URL(stored)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  const host = canonicalHost(url.hostname)
  if (!host) return null
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : ''
  const kept = new URLSearchParams()
  for (const name of [...new Set(url.searchParams.keys())].sort()) {
    for (const value of url.searchParams.getAll(name)) kept.append(name, value)
  }
  const query = kept.toString()
  let path = url.pathname
    .replace(/%([0-9a-fA-F]{2})/g, (_escape, hex: string) => {
      const char = String.fromCharCode(parseInt(hex, 16))
      return /^[A-Za-z0-9\-._~]$/.test(char) ? char : `%${hex.toUpperCase()}`
    })
    .replace(/\/{2,}/g, '/')
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/'
  return `https://${host}${port}${path}${query ? `?${query}` : ''}`
}

/** canonicalHost (shared/src/article-url.ts) as it is at this migration. */
function canonicalHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.+$/, '')
    .replace(/^www\./, '')
}

/**
 * Sites that ingest created in open mode for a host with a trailing dot ("example.go.id."), which the
 * host rule now reads as the host without it: their articles and views go to the site of that host,
 * and the site is deleted; without such a site it is renamed.
 */
async function mergeDottedSites(db: Kysely<any>): Promise<void> {
  const sites = (await db.selectFrom('sites').select(['id', 'hostname', 'auto_created']).orderBy('id').execute()) as {
    id: number
    hostname: string
    auto_created: boolean
  }[]
  for (const dotted of sites.filter((s) => s.auto_created && s.hostname.endsWith('.'))) {
    const host = canonicalHost(dotted.hostname)
    const target = sites.find((s) => s.id !== dotted.id && !s.hostname.endsWith('.') && canonicalHost(s.hostname) === host)
    if (!target) {
      await db.updateTable('sites').set({ hostname: host }).where('id', '=', dotted.id).execute()
      dotted.hostname = host
      continue
    }
    // The articles_move_rollups trigger moves their segment rollups to the target site.
    await db.updateTable('articles').set({ site_id: target.id }).where('site_id', '=', dotted.id).execute()
    await db.updateTable('page_views').set({ site_id: target.id }).where('site_id', '=', dotted.id).execute()
    await db.deleteFrom('sites').where('id', '=', dotted.id).execute()
    await db
      .insertInto('audit_log')
      .values({
        action: 'delete',
        entity: 'site',
        entity_id: String(dotted.id),
        before: JSON.stringify({ id: dotted.id, hostname: dotted.hostname, mergedInto: target.id }),
        after: null,
      })
      .execute()
  }
}

/** The articles of merged groups (`survivors`: only those that stay), as the audit log shows them. */
async function articleRows(db: Kysely<any>, survivors: boolean) {
  const result = await sql<Record<string, unknown>>`
    select a.id, m.survivor, a.url, a.site_id, a.title, a.category_id, a.region_code, a.author, a.published_at,
      a.views, a.base_views, a.imported_views
    from articles a join canonical_merges m on m.id = a.id
    where m.merged ${survivors ? sql`and m.id = m.survivor` : sql``}
    order by a.id
  `.execute(db)
  return result.rows.map((r) => ({
    id: Number(r.id),
    survivor: Number(r.survivor),
    url: r.url as string,
    siteId: Number(r.site_id),
    title: r.title as string | null,
    categoryId: r.category_id as number | null,
    regionCode: r.region_code as string | null,
    author: r.author as string | null,
    publishedAt: r.published_at === null ? null : new Date(r.published_at as string).toISOString(),
    views: Number(r.views),
    baseViews: Number(r.base_views),
    importedViews: Number(r.imported_views),
  }))
}

/** The per-article rollup tables, their segment tables and the facet column each has. */
const TABLES = [
  { table: 'rollup_views', segment: 'rollup_segment_views', facet: null, fromRaw: null },
  { table: 'rollup_referrers', segment: 'rollup_segment_referrers', facet: 'referrer_host', fromRaw: `coalesce(v.referrer_host, '')` },
  { table: 'rollup_devices', segment: 'rollup_segment_devices', facet: 'device', fromRaw: 'v.device' },
] as const

/**
 * Adds the day and month rows of the merged articles (all, or only the survivors) to the rows of
 * their segments, times `sign`: -1 takes them out before the merge, 1 puts the recounted ones in.
 */
async function addToSegments(db: Kysely<any>, sign: 1 | -1, onlySurvivors: boolean): Promise<void> {
  for (const { table, segment, facet } of TABLES) {
    const f = facet ? `, r.${facet}` : ''
    await sql`
      insert into ${sql.table(segment)}
        (grain, period, site_id, region_code, category_id${sql.raw(facet ? `, ${facet}` : '')}, views, visitors)
      select r.grain, r.period, a.site_id, coalesce(left(a.region_code, 5), ''), coalesce(a.category_id, 0)${sql.raw(f)},
        ${sign} * sum(r.views), ${sign} * sum(r.visitors)
      from ${sql.table(table)} r join articles a on a.id = r.article_id join canonical_merges m on m.id = r.article_id
      where m.merged ${onlySurvivors ? sql`and m.id = m.survivor` : sql``}
      group by 1, 2, 3, 4, 5${sql.raw(facet ? ', 6' : '')}
      on conflict (grain, period, site_id, region_code, category_id${sql.raw(facet ? `, ${facet}` : '')}) do update
        set views = ${sql.table(segment)}.views + excluded.views, visitors = ${sql.table(segment)}.visitors + excluded.visitors
    `.execute(db)
  }
}

/**
 * Before the merge: the merged articles' counts leave the rollups. Day and month rows (and their
 * segment rows) are recounted afterwards, because unique visitors of two articles do not add up (one
 * reader may have opened both addresses on a day); hours and minutes hold views only, so the others'
 * rows are added to the survivor's.
 */
async function forgetRollups(db: Kysely<any>): Promise<void> {
  // A drain (another server) must not count into the rows being rewritten.
  await sql`select pg_advisory_xact_lock(${sql.lit(ROLLUPS_LOCK_KEY)})`.execute(db)
  await addToSegments(db, -1, false)
  for (const { table } of TABLES) {
    await sql`delete from ${sql.table(table)} r using canonical_merges m where r.article_id = m.id and m.merged`.execute(db)
  }
  for (const [table, time] of [
    ['rollup_hours', 'hour'],
    ['rollup_minutes', 'minute'],
  ] as const) {
    await sql`
      insert into ${sql.table(table)} (${sql.ref(time)}, article_id, views)
      select r.${sql.ref(time)}, m.survivor, sum(r.views) from ${sql.table(table)} r join canonical_merges m on m.id = r.article_id
      where m.id <> m.survivor
      group by 1, 2
      on conflict (${sql.ref(time)}, article_id) do update set views = ${sql.table(table)}.views + excluded.views
    `.execute(db)
    await sql`delete from ${sql.table(table)} r using canonical_merges m where r.article_id = m.id and m.id <> m.survivor`.execute(db)
  }
}

/**
 * After the merge: the survivors' day and month rows counted again from their page views, as
 * rebuildRollups counts them, and added to their segments; the visitors seen on the days the table
 * still holds, so that the drain tells new visitors from known ones. Views still waiting in
 * rollup_queue are left out: the drain counts them (into the survivor, where they now belong).
 */
async function recountRollups(db: Kysely<any>, timeZone: string): Promise<void> {
  const counted = sql`join canonical_merges m on m.id = v.article_id and m.merged and m.id = m.survivor
    where not exists (select 1 from rollup_queue q where q.page_view_id = v.id)`
  const day = sql`(v.occurred_at at time zone ${timeZone})::date`
  for (const { table, facet, fromRaw } of TABLES) {
    const t = sql.table(table)
    const facetColumn = sql.raw(facet ? `, ${facet}` : '')
    await sql`
      insert into ${t} (grain, period, article_id${facetColumn}, views, visitors)
      select 'day', ${day}, v.article_id${sql.raw(fromRaw ? `, ${fromRaw}` : '')}, count(*), count(distinct v.visitor_hash)
      from page_views v ${counted}
      group by 2, 3${sql.raw(facet ? ', 4' : '')}
    `.execute(db)
    await sql`
      insert into ${t} (grain, period, article_id${facetColumn}, views, visitors)
      select 'month', date_trunc('month', r.period::timestamp)::date, r.article_id${sql.raw(facet ? `, r.${facet}` : '')},
        sum(r.views), sum(r.visitors)
      from ${t} r join canonical_merges m on m.id = r.article_id and m.merged and m.id = m.survivor
      where r.grain = 'day'
      group by 2, 3${sql.raw(facet ? ', 4' : '')}
    `.execute(db)
  }
  await addToSegments(db, 1, true)
  // Segment rows the merged articles alone had filled are at zero now; a rebuild has no such rows
  // (and no other row is ever at zero: the move trigger deletes them too).
  for (const { segment } of TABLES) await sql`delete from ${sql.table(segment)} where views = 0`.execute(db)

  const seen = await sql<{ since: string | null }>`select to_char(min(day), 'YYYY-MM-DD') as since from rollup_visitors_seen`.execute(db)
  const since = seen.rows[0]?.since
  await sql`delete from rollup_visitors_seen s using canonical_merges m where s.article_id = m.id and m.merged`.execute(db)
  if (!since) return // nothing seen in the last days: no recent view to tell apart
  await sql`
    insert into rollup_visitors_seen (day, article_id, facet, visitor_hash)
    select distinct ${day}, v.article_id, f.facet, v.visitor_hash
    from page_views v
    cross join lateral (values (''), ('r:' || coalesce(v.referrer_host, '')), ('d:' || v.device)) as f(facet)
    ${counted}
      and v.occurred_at >= (${since}::date)::timestamp at time zone ${timeZone}
  `.execute(db)
}

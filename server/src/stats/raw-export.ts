import { addDays, type DayRange, type StatsFilters, type StatsQuery } from '@jangkau/shared'
import { sql } from 'kysely'
import type { CsvColumn } from '../csv/write-csv.ts'
import type { Db } from '../db/kysely.ts'
import { csvFileName } from './csv-answers.ts'
import { fixedLabel } from './labels.ts'
import { dateValue, dayText, startOfDay } from './sql/expressions.ts'
import { articleConditions, kimGroupConditions, whereAll } from './sql/where.ts'

/*
 * The raw CSV exports: every page view, every KIM activity, under the stats filters. Rows are read in
 * keyset pages of 10,000 by id and written as they come, so a million rows need no more memory than
 * one page, on PGlite and Postgres alike (PGlite's only connection is free between pages, so ingest
 * keeps going during a long export). Their SQL is at the end of this file.
 */

export const EXPORT_PAGE_SIZE = 10_000

const zoneName = (timeZone: string) => (timeZone === 'Asia/Makassar' ? 'WITA' : timeZone)

/** What an export row says about its article (read once per article and export). */
export interface ExportArticle {
  id: number
  site: string | null
  url: string
  title: string | null
  region_code: string | null
  region_name: string | null
  category: string | null
  author: string | null
}

export interface PageViewExportRow {
  id: string
  occurred_at: string
  article_id: number
  referrer_host: string | null
  device: string
  browser: string
}

/**
 * The page-view export: its file name, columns and pages of rows in id order. The next page is
 * fetched while the current one is written, so the database and the CSV formatting work at the same
 * time (two pages in memory at most). Articles are read once per export as they first appear (their
 * number is bounded by the catalogue, not by the rows exported); the columns look them up.
 */
export function pageViewExport(
  db: Db,
  q: StatsQuery,
): { fileName: string; columns: CsvColumn<PageViewExportRow>[]; pages: AsyncGenerator<PageViewExportRow[]> } {
  const articles = new Map<number, ExportArticle>()
  const article = (r: PageViewExportRow) => articles.get(r.article_id)
  const h = (id: string, en: string) => (q.lang === 'en' ? en : id)
  return {
    fileName: csvFileName([q.lang === 'en' ? 'page-views' : 'tayangan'], q),
    columns: [
      { header: h(`Waktu (${zoneName(q.timeZone)})`, `Time (${zoneName(q.timeZone)})`), value: (r) => r.occurred_at },
      { header: h('Situs', 'Site'), value: (r) => article(r)?.site },
      { header: h('ID artikel', 'Article id'), value: (r) => r.article_id },
      { header: h('Alamat artikel', 'Article URL'), value: (r) => article(r)?.url },
      { header: h('Judul', 'Title'), value: (r) => article(r)?.title },
      { header: h('Kode wilayah', 'Region code'), value: (r) => article(r)?.region_code },
      { header: h('Wilayah', 'Region'), value: (r) => article(r)?.region_name },
      { header: h('Kategori', 'Category'), value: (r) => article(r)?.category },
      { header: h('Penulis', 'Author'), value: (r) => article(r)?.author },
      { header: h('Perujuk', 'Referrer'), value: (r) => r.referrer_host },
      { header: h('Perangkat', 'Device'), value: (r) => r.device },
      { header: h('Peramban', 'Browser'), value: (r) => r.browser },
    ],
    pages: pageViewPages(db, q, articles),
  }
}

async function* pageViewPages(db: Db, q: StatsQuery, articles: Map<number, ExportArticle>): AsyncGenerator<PageViewExportRow[]> {
  const bounds = await buildPageViewIdBounds(db, q.range, q.timeZone).executeTakeFirst()
  if (!bounds?.first_id) return
  const lastId = String(bounds.last_id)
  const fetchAfter = (afterId: string) =>
    prefetch<PageViewExportRow[]>(buildPageViewExportPage(db, q.filters, q.range, q.timeZone, afterId, { lastId }).execute())
  let next: Promise<PageViewExportRow[]> | null = fetchAfter((BigInt(bounds.first_id) - 1n).toString())
  while (next) {
    const rows: PageViewExportRow[] = await next
    next = rows.length === EXPORT_PAGE_SIZE ? fetchAfter(String(rows[rows.length - 1]!.id)) : null
    const unknown = [...new Set(rows.map((r) => r.article_id).filter((id) => !articles.has(id)))]
    if (unknown.length) {
      for (const a of await buildExportArticles(db, unknown).execute()) articles.set(a.id, a)
    }
    if (rows.length) yield rows
  }
}

/**
 * A promise that may be left unawaited (the client went away and the generator was closed): its
 * rejection must not become an unhandled one. Awaiting it still throws.
 */
function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}

export interface KimActivityExportRow {
  id: number
  date: string
  group_id: number
  group_name: string
  region_code: string
  region_name: string | null
  village_code: string
  village_name: string | null
  type: string
  title: string
  participants: number
  content_items: number
  article_url: string | null
  notes: string | null
}

export async function* kimActivityPages(db: Db, q: StatsQuery): AsyncGenerator<KimActivityExportRow[]> {
  let afterId = 0
  for (;;) {
    const rows: KimActivityExportRow[] = await buildKimActivityExportPage(db, q.filters, q.range, afterId).execute()
    if (rows.length) yield rows
    if (rows.length < EXPORT_PAGE_SIZE) return
    afterId = rows[rows.length - 1]!.id
  }
}

export function kimActivityExport(q: StatsQuery): { fileName: string; columns: CsvColumn<KimActivityExportRow>[] } {
  const h = (id: string, en: string) => (q.lang === 'en' ? en : id)
  return {
    fileName: csvFileName([q.lang === 'en' ? 'kim-activities' : 'kegiatan-kim'], q),
    columns: [
      { header: h('Tanggal', 'Date'), value: (r) => r.date },
      { header: h('ID kelompok', 'Group id'), value: (r) => r.group_id },
      { header: h('Kelompok KIM', 'KIM group'), value: (r) => r.group_name },
      { header: h('Kode wilayah', 'Region code'), value: (r) => r.region_code },
      { header: h('Wilayah', 'Region'), value: (r) => r.region_name },
      { header: h('Kode desa', 'Village code'), value: (r) => r.village_code },
      { header: h('Desa/kelurahan', 'Village'), value: (r) => r.village_name },
      // The type's name ("Sosialisasi"), as the dashboard shows it, not its code.
      { header: h('Jenis kegiatan', 'Activity type'), value: (r) => fixedLabel('activity_type', r.type, q.lang) ?? r.type },
      { header: h('Judul', 'Title'), value: (r) => r.title },
      { header: h('Peserta', 'Participants'), value: (r) => r.participants },
      { header: h('Konten', 'Content items'), value: (r) => r.content_items },
      { header: h('Tautan artikel', 'Article link'), value: (r) => r.article_url },
      { header: h('Catatan', 'Notes'), value: (r) => r.notes },
    ],
  }
}

// ---------------------------------------------------------------------------------------------
// SQL: keyset pages by id, so memory stays flat and the connection is free between pages.

/**
 * One page of page views after id `afterId`, in id order, without their articles: those are read
 * once per export (buildExportArticles), which halves the work per row. Article filters become a
 * semi-join on the matching article ids. Times are in `timeZone`.
 */
export function buildPageViewExportPage(
  db: Db,
  filters: StatsFilters,
  range: DayRange,
  timeZone: string,
  afterId: string,
  bounds: { lastId: string },
) {
  const { site, region, category, author, article } = filters
  const filtered = site.length || region.length || category.length || author.length || article.length
  return db
    .selectFrom('page_views as v')
    .where('v.id', '>', afterId)
    .where('v.id', '<=', bounds.lastId)
    .where('v.occurred_at', '>=', startOfDay(range.from, timeZone))
    .where('v.occurred_at', '<', startOfDay(addDays(range.to, 1), timeZone))
    .$if(filtered > 0, (qb) => {
      const articleIds = whereAll(db.selectFrom('articles as a').select('a.id'), articleConditions(filters, sql.ref<number>('a.id')))
      return qb.where('v.article_id', 'in', articleIds)
    })
    .select([
      'v.id',
      sql<string>`to_char(v.occurred_at at time zone ${sql.lit(timeZone)}, 'YYYY-MM-DD HH24:MI:SS')`.as('occurred_at'),
      'v.article_id',
      'v.referrer_host',
      'v.device',
      'v.browser',
    ])
    .orderBy('v.id')
    .limit(EXPORT_PAGE_SIZE)
}

/** What the export writes about an article, for the given ids. */
export function buildExportArticles(db: Db, ids: number[]) {
  return db
    .selectFrom('articles as a')
    .leftJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('categories as c', 'c.id', 'a.category_id')
    .leftJoin('regions as rg', 'rg.code', 'a.region_code')
    .select(['a.id', 's.hostname as site', 'a.url', 'a.title', 'a.region_code', 'rg.name as region_name', 'c.name as category', 'a.author'])
    .where('a.id', 'in', ids.length ? ids : [0])
}

/**
 * The id range of the page views in a day range: pages then walk the primary key between the two
 * instead of scanning from the table's start (ids grow with time, so the range is tight).
 */
export function buildPageViewIdBounds(db: Db, range: DayRange, timeZone: string) {
  return db
    .selectFrom('page_views')
    .select((eb) => [eb.fn.min('id').as('first_id'), eb.fn.max('id').as('last_id')])
    .where('occurred_at', '>=', startOfDay(range.from, timeZone))
    .where('occurred_at', '<', startOfDay(addDays(range.to, 1), timeZone))
}

/** One page of KIM activities (with their group) after id `afterId`. */
export function buildKimActivityExportPage(db: Db, filters: StatsFilters, range: DayRange, afterId: number) {
  const from = db
    .selectFrom('kim_activities as k')
    .innerJoin('kim_groups as g', 'g.id', 'k.group_id')
    .leftJoin('regions as rg', 'rg.code', 'g.region_code')
    .leftJoin('regions as vl', 'vl.code', 'g.village_code')
    .where('k.id', '>', afterId)
    .where('k.date', '>=', dateValue(range.from))
    .where('k.date', '<=', dateValue(range.to))
  return whereAll(from, kimGroupConditions(filters))
    .$if(filters.activity_type.length > 0, (qb) => qb.where('k.type', 'in', filters.activity_type))
    .select((eb) => [
      'k.id',
      dayText(eb.ref('k.date')).as('date'),
      'g.id as group_id',
      'g.name as group_name',
      'g.region_code',
      'rg.name as region_name',
      'g.village_code',
      'vl.name as village_name',
      'k.type',
      'k.title',
      'k.participants',
      'k.content_items',
      'k.article_url',
      'k.notes',
    ])
    .orderBy('k.id')
    .limit(EXPORT_PAGE_SIZE)
}

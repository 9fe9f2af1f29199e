import {
  categoryKey,
  cleanCategoryText,
  hostOf,
  MAX_BASE_VIEWS,
  normaliseArticleUrl,
  type ArticleUpsertItem,
  type ImportRowError,
} from '@jangkau/shared'
import { type CsvRow, rowError } from '../csv/read-csv.ts'
import type { Msg } from '../i18n.ts'
import { siteHost } from '../ingest/catalog-cache.ts'
import type { ArticleUpsertRow } from '../queries/upsert-articles.ts'
import { parseInstant } from './parse-instant.ts'

/**
 * Rows of PUT /api/articles (JSON items or CSV rows) → rows to store. The URL is normalised as ingest
 * does, so the upload and the page views meet on one article; the site comes from the URL's host;
 * region must exist. A category is matched by its key (slug, name or alias, see categoryKey); a new
 * one is kept as the row's categoryText with categoryId undefined, for the caller to create as
 * unmapped (ensureUnmappedCategory). Every refused row is reported, nothing is stored unless all pass.
 */

export interface ArticleLookups {
  siteByHost: Map<string, number>
  /** categoryKey of every slug, name and alias → id (categoryKeyMap). */
  categoryByKey: Map<string, number>
  regionCodes: Set<string>
  urlKeepParams: readonly string[]
  timeZone: string
  now: Date
}

/** Fields as given: undefined = keep the stored value, null = clear it. */
type RawArticle = Omit<ArticleUpsertItem, 'url'> & { url: string }

/** Publication times must lie between the web's early days and tomorrow. */
const EARLIEST_PUBLISHED = Date.UTC(1995, 0, 1)

/**
 * An uploaded URL, normalised as ingest does, and the registered site its host belongs to; null after
 * reporting why not (through `fail`, column url).
 */
export function urlAndSite(
  rawUrl: string,
  lookups: Pick<ArticleLookups, 'siteByHost' | 'urlKeepParams'>,
  fail: (column: string, why: Msg) => void,
): { url: string; siteId: number } | null {
  const url = rawUrl.length <= 2048 ? normaliseArticleUrl(rawUrl.trim(), lookups.urlKeepParams) : null
  if (!url) {
    fail('url', { id: 'bukan alamat http(s) lengkap', en: 'not an absolute http(s) URL' })
    return null
  }
  const host = siteHost(hostOf(url)!)
  const siteId = lookups.siteByHost.get(host)
  if (siteId === undefined) {
    fail('url', { id: `situs ${host} belum terdaftar`, en: `site ${host} is not registered` })
    return null
  }
  return { url, siteId }
}

function resolve(raw: RawArticle, line: number, lookups: ArticleLookups, errors: ImportRowError[]): ArticleUpsertRow | null {
  const fail = (column: string, why: Msg) => {
    errors.push(rowError(line, column, why))
    return null
  }
  const before = errors.length
  const site = urlAndSite(raw.url, lookups, fail)

  const text = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null)
  let categoryId: number | null | undefined
  const category = text(raw.category)
  if (category) {
    const key = categoryKey(category)
    if (!key)
      fail('category', {
        id: `kategori "${category.slice(0, 60)}" tanpa huruf atau angka`,
        en: `category "${category.slice(0, 60)}" has no letter or digit`,
      })
    categoryId = lookups.categoryByKey.get(key)
  } else categoryId = category === undefined ? undefined : null
  const region = text(raw.region)
  if (region && !lookups.regionCodes.has(region)) {
    fail('region', {
      id: `${region.slice(0, 30)} bukan kode wilayah Kemendagri di Kalimantan Timur`,
      en: `${region.slice(0, 30)} is not a Kemendagri region code in East Kalimantan`,
    })
  }
  let publishedAt: Date | null | undefined
  const published = text(raw.publishedAt)
  if (published) {
    publishedAt = parseInstant(published, lookups.timeZone)
    if (!publishedAt) fail('publishedAt', { id: 'bukan tanggal/waktu ISO 8601', en: 'not an ISO 8601 date/time' })
    else if (publishedAt.getTime() < EARLIEST_PUBLISHED || publishedAt.getTime() > lookups.now.getTime() + 86_400_000) {
      fail('publishedAt', { id: 'di luar rentang 1995 sampai besok', en: 'outside 1995 to tomorrow' })
    }
  } else publishedAt = published === undefined ? undefined : null
  // JSON is checked by the schema; a CSV cell arrives as text (see articleRowsFromCsv).
  const baseViews = raw.baseViews
  if (errors.length > before || !site) return null
  return {
    ...site,
    title: text(raw.title),
    categoryId,
    categoryText: category && cleanCategoryText(category),
    regionCode: region,
    author: text(raw.author),
    publishedAt,
    baseViews,
  }
}

/** Refuses a second row for the same (normalised) URL: which of the two should win is unclear. */
function refuseDuplicates(rows: { line: number; row: ArticleUpsertRow }[], errors: ImportRowError[]) {
  const firstLine = new Map<string, number>()
  for (const { line, row } of rows) {
    const seen = firstLine.get(row.url)
    if (seen !== undefined) {
      errors.push(rowError(line, 'url', { id: `URL yang sama sudah ada di baris ${seen}`, en: `the same URL is already on line ${seen}` }))
    } else firstLine.set(row.url, line)
  }
}

/** JSON items; `line` in errors is the item's position in the array (1 = first). */
export function articleRowsFromJson(items: ArticleUpsertItem[], lookups: ArticleLookups) {
  const errors: ImportRowError[] = []
  const rows: { line: number; row: ArticleUpsertRow }[] = []
  items.forEach((item, i) => {
    const row = resolve(item, i + 1, lookups, errors)
    if (row) rows.push({ line: i + 1, row })
  })
  refuseDuplicates(rows, errors)
  return { rows: rows.map((r) => r.row), errors }
}

/** CSV rows: an empty cell keeps the stored value (a spreadsheet cannot say "null"). */
export function articleRowsFromCsv(csvRows: CsvRow[], lookups: ArticleLookups) {
  const errors: ImportRowError[] = []
  const rows: { line: number; row: ArticleUpsertRow }[] = []
  for (const { line, cells } of csvRows) {
    const cell = (column: string) => {
      const value = cells.get(column)?.trim()
      return value ? value : undefined
    }
    const raw: RawArticle = {
      url: cell('url') ?? '',
      title: cell('title'),
      category: cell('category'),
      region: cell('region'),
      author: cell('author'),
      publishedAt: cell('publishedAt'),
    }
    const base = cell('baseViews')
    if (base !== undefined) {
      // Digits only: "1.234" means one thousand two hundred thirty-four in id-ID and 1.234 in en.
      if (!/^\d{1,13}$/.test(base) || Number(base) > MAX_BASE_VIEWS) {
        errors.push(
          rowError(line, 'baseViews', {
            id: 'harus bilangan bulat ≥ 0 tanpa pemisah ribuan',
            en: 'must be a whole number ≥ 0 without thousands separators',
          }),
        )
        continue
      }
      raw.baseViews = Number(base)
    }
    if (!raw.url) {
      errors.push(rowError(line, 'url', { id: 'wajib diisi', en: 'required' }))
      continue
    }
    const tooLong = (['title', 'category', 'region', 'author', 'publishedAt'] as const).find(
      (c) => (raw[c]?.length ?? 0) > ({ title: 500, category: 100, region: 30, author: 200, publishedAt: 40 } as const)[c],
    )
    if (raw.url.length > 2048 || tooLong) {
      const column = tooLong ?? 'url'
      errors.push(rowError(line, column, { id: 'terlalu panjang', en: 'too long' }))
      continue
    }
    const row = resolve(raw, line, lookups, errors)
    if (row) rows.push({ line, row })
  }
  refuseDuplicates(rows, errors)
  return { rows: rows.map((r) => r.row), errors }
}

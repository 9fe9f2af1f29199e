import { Type, type Static, type TSchema } from 'typebox'
import { REGENCY_CODE_PATTERN } from '../vocab/index.ts'

// The article catalogue: what is known about each measured article (by normalised URL). Page views
// create articles and fill empty fields; admins correct and complete them with PUT /api/articles.
// `views` is what Jangkau counted, and only ingest changes it. `baseViews` is what the portal's CMS
// counted before the switch (set here, by admins); the public counter shows `counterViews`.

/** Largest base count of one article: far above any real portal, far below 2^53. */
export const MAX_BASE_VIEWS = 1_000_000_000_000

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const ArticleQuery = Type.Object(
  {
    /** Site id or hostname. */
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    /** Category slug or id. */
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Regency code ("64.08"): articles about the regency or any place in it. */
    region: Type.Optional(Type.String({ pattern: REGENCY_CODE_PATTERN })),
    /** Author, exact but case-insensitive. */
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Text in the title or the URL. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    /** true: only articles whose title no one confirmed yet (it came with a page view), for Admin → Artikel. */
    unverified: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('views')], { default: 'published' })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
)
export type ArticleQuery = Static<typeof ArticleQuery>

/**
 * Who said an article's title or author: `view` a reader's page view (anyone can send one: unverified,
 * never shown in the monthly report), `feed` the portal's own feed, `admin` an admin.
 */
export const TextSource = Type.Enum(['view', 'feed', 'admin'] as const)
export type TextSource = Static<typeof TextSource>

/** A row of GET /api/articles and the answer of GET /api/articles/:id (404 `not_found` when there is none). */
export const Article = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  title: Nullable(Type.String()),
  titleSource: TextSource,
  siteId: Type.Integer(),
  siteName: Type.String(),
  siteHostname: Type.String(),
  categoryId: Nullable(Type.Integer()),
  categorySlug: Nullable(Type.String()),
  categoryName: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  author: Nullable(Type.String()),
  authorSource: TextSource,
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  /** Page views Jangkau counted. */
  views: Type.Integer(),
  /** What the portal's own counter had counted before Jangkau (imported; 0 if none). */
  baseViews: Type.Integer(),
  /** The sum of the article's imported daily counts (POST /api/import/daily-views). */
  importedViews: Type.Integer(),
  /** The public "N kali dilihat": greatest(baseViews, importedViews) + views. */
  counterViews: Type.Integer(),
})
export type Article = Static<typeof Article>

export const ArticleList = Type.Object({ items: Type.Array(Article), total: Type.Integer() })
export type ArticleList = Static<typeof ArticleList>

/**
 * One row of PUT /api/articles, matched by URL (normalised as ingest does). A field left out keeps
 * its stored value; null clears it. In CSV an empty cell keeps the stored value.
 */
export const ArticleUpsertItem = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    title: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    /** Slug, name or alias of a category (any spelling); a new name becomes an unmapped category. Kept as the article's category text. */
    category: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    /** Kemendagri code of the region the article is about ("64.08"). */
    region: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    author: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    /** ISO 8601; without an offset ("2022-04-20 08:26") it is read in the report time zone (WITA). */
    publishedAt: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    /**
     * What the portal's own counter showed before Jangkau: the public counter shows it plus what Jangkau
     * counts. null sets it back to 0. Setting it again replaces it (it is never added up).
     */
    baseViews: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_BASE_VIEWS }))),
  },
  { additionalProperties: false },
)
export type ArticleUpsertItem = Static<typeof ArticleUpsertItem>

/**
 * PATCH /api/articles/:id (admins): sets or confirms the title and author. What is given counts as the
 * admin's word (source `admin`); null clears it (and a view may fill it again). Audited.
 */
export const ArticleTextBody = Type.Object(
  {
    title: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
    author: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ArticleTextBody = Static<typeof ArticleTextBody>

/** Columns of the CSV form of PUT /api/articles (header line, any order; only url is required). */
export const ARTICLE_UPSERT_COLUMNS = ['url', 'title', 'category', 'region', 'author', 'publishedAt', 'baseViews'] as const

/** Largest body (JSON or CSV) of PUT /api/articles, in bytes; larger ones get 413. */
export const ARTICLE_UPSERT_MAX_BYTES = 10 * 1024 * 1024

/** Rows one PUT /api/articles may carry. */
export const ARTICLE_UPSERT_MAX_ROWS = 50_000

/** JSON array of rows, or (Content-Type text/csv) the same as CSV text. */
export const ArticleUpsertBody = Type.Union([
  Type.String(),
  Type.Array(ArticleUpsertItem, { minItems: 1, maxItems: ARTICLE_UPSERT_MAX_ROWS }),
])

export const ArticleUpsertAnswer = Type.Object({ created: Type.Integer(), updated: Type.Integer() })
export type ArticleUpsertAnswer = Static<typeof ArticleUpsertAnswer>

// ---------------------------------------------------------------------------------------------
// The portal's historic daily counts: POST /api/import/daily-views (CSV url;date;views).

/** Columns of the daily-views CSV, all required. `date` is a calendar day in WITA (YYYY-MM-DD). */
export const DAILY_VIEWS_COLUMNS = ['url', 'date', 'views'] as const

/** Largest daily-views file, in bytes (larger ones get 413: split the file by year). */
export const DAILY_VIEWS_MAX_BYTES = 32 * 1024 * 1024

/** Rows one daily-views file may carry. */
export const DAILY_VIEWS_MAX_ROWS = 300_000

/** Largest count of one article on one day. */
export const MAX_DAILY_VIEWS = 100_000_000

/**
 * What an import did. Importing the same file again answers daysAdded 0 and daysChanged 0: a day
 * already imported is replaced by the file's count, never added to.
 */
export const DailyViewsImportAnswer = Type.Object({
  rows: Type.Integer(),
  articlesCreated: Type.Integer(),
  daysAdded: Type.Integer(),
  daysChanged: Type.Integer(),
  daysUnchanged: Type.Integer(),
})
export type DailyViewsImportAnswer = Static<typeof DailyViewsImportAnswer>

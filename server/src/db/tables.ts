import type { ColumnType, Generated } from 'kysely'

// Table types as the database sees them (snake_case). JSON answers use camelCase; the conversion
// happens in the query functions, the one boundary between the two.

export interface RegionsTable {
  code: string
  name: string
  level: 'provinsi' | 'kabupaten' | 'kota' | 'kecamatan' | 'desa'
  parent_code: string | null
  kind: 'desa' | 'kelurahan' | null
}

export interface SitesTable {
  id: Generated<number>
  hostname: string
  name: string
  region_code: string | null
  /** Created by ingest while no site was configured (open mode), not by an admin. */
  auto_created: Generated<boolean>
  created_at: Generated<Date>
  /** The portal's own RSS, Atom or sitemap, on the site's host (migration 2026-12-02-03). */
  feed_url: ColumnType<string | null, string | null | undefined, string | null>
  /** The last feed sync: when, its error (null = it worked) and how many articles it read. */
  feed_synced_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  feed_error: ColumnType<string | null, string | null | undefined, string | null>
  feed_items: ColumnType<number | null, number | null | undefined, number | null>
}

export interface CategoriesTable {
  id: Generated<number>
  slug: string
  name: string
  /** False for a category ingest created from a portal's text until an admin adopts or maps it. */
  mapped: Generated<boolean>
  /** The category an admin mapped this one onto (its articles moved there); such rows are not listed. */
  merged_into: number | null
}

/** Normalised category text (shared categoryKey) → the category it resolves to (migration 2026-12-02-02). */
export interface CategoryAliasesTable {
  key: string
  category_id: number
}

export interface ArticlesTable {
  id: Generated<number>
  site_id: number
  url: string
  title: string | null
  category_id: number | null
  /** The category text the article arrived with (data-category, props.category, the catalogue import). */
  category_text: ColumnType<string | null, string | null | undefined, string | null>
  region_code: string | null
  author: string | null
  published_at: Date | null
  /** bigint in SQL; pg returns it as a string. */
  views: ColumnType<string, string | number | undefined, string | number>
  /** What the portal's CMS counted before Jangkau (bigint). */
  base_views: ColumnType<string, string | number | undefined, string | number>
  /** The sum of the article's imported_daily_views (bigint), kept by the daily import. */
  imported_views: ColumnType<string, string | number | undefined, string | number>
  created_at: Generated<Date>
  /** Who said the title / author: a reader's view (unverified), the portal's feed or an admin. */
  title_source: ColumnType<TextSource, TextSource | undefined, TextSource>
  author_source: ColumnType<TextSource, TextSource | undefined, TextSource>
}

export type TextSource = 'view' | 'feed' | 'admin'

/** The CMS's own daily counts of an article, imported (days in the report time zone). */
export interface ImportedDailyViewsTable {
  article_id: number
  day: DateColumn
  views: number
}

export interface PageViewsTable {
  id: Generated<string>
  occurred_at: Date
  site_id: number
  article_id: number
  visitor_hash: string
  referrer_host: string | null
  device: string
  browser: string
}

export interface SaltsTable {
  day: string
  salt: Uint8Array
}

export interface UsersTable {
  id: Generated<number>
  /** Lower-case. */
  email: string
  name: string
  /** "scrypt$N$r$p$salt$hash"; never leaves the query functions. */
  password_hash: string
  role: 'admin' | 'viewer' | 'operator'
  /** Regency codes ("64.08") an operator may write for. */
  regions: ColumnType<string[], string[] | undefined, string[]>
  active: Generated<boolean>
  created_at: Generated<Date>
}

export interface SessionsTable {
  /** sha256 (hex) of the session id in the cookie. */
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: Date
  expires_at: Date
}

export interface ApiTokensTable {
  id: Generated<number>
  name: string
  role: 'admin' | 'viewer' | 'operator'
  regions: ColumnType<string[], string[] | undefined, string[]>
  /** sha256 (hex) of the secret. */
  token_hash: string
  created_by: number | null
  created_at: Generated<Date>
  last_used_at: Date | null
  revoked_at: Date | null
}

export interface LoginFailuresTable {
  id: Generated<string>
  /** Lower-case, as typed (the account may not exist). */
  email: string
  /** The client address the failure came from (IPv6 by its /64): a lockout holds for this address only. */
  address: string
  at: Date
}

export interface AuditLogTable {
  id: Generated<string>
  at: ColumnType<Date, Date | undefined, never>
  actor_kind: 'user' | 'token' | null
  actor_id: number | null
  actor_name: string | null
  action: 'create' | 'update' | 'delete' | 'import'
  entity: string
  entity_id: string | null
  /** jsonb: written as a JSON string, read back parsed. */
  before: ColumnType<unknown, string | null, never>
  after: ColumnType<unknown, string | null, never>
}

/**
 * A `date` column: written as "YYYY-MM-DD". pg turns a selected date into a JS Date at local
 * midnight, so the KIM queries select dates with to_char(…, 'YYYY-MM-DD') instead.
 */
type DateColumn = ColumnType<Date, string, string>

export interface KimGroupsTable {
  id: Generated<number>
  name: string
  village_code: string
  district_code: string
  region_code: string
  decree_number: string | null
  decree_date: DateColumn | null
  formed_on: DateColumn | null
  status: 'aktif' | 'vakum' | 'bubar'
  status_since: DateColumn
  budget: ColumnType<'ya' | 'tidak' | 'belum diketahui', 'ya' | 'tidak' | 'belum diketahui' | undefined>
  members: ColumnType<number, number | undefined>
  /** jsonb {"ketua", "sekretaris", "bendahara"}: written as a JSON string, read back parsed. */
  officers: ColumnType<{ ketua?: string | null; sekretaris?: string | null; bendahara?: string | null }, string | undefined, string>
  /** jsonb array of http(s) URLs: written as a JSON string, read back parsed. */
  channels: ColumnType<string[], string | undefined, string>
  registration_number: string | null
  created_at: Generated<Date>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface KimStatusChangesTable {
  id: Generated<number>
  group_id: number
  status: 'aktif' | 'vakum' | 'bubar'
  changed_on: DateColumn
}

export interface KimActivitiesTable {
  id: Generated<number>
  group_id: number
  type: string
  title: string
  date: DateColumn
  participants: ColumnType<number, number | undefined>
  content_items: ColumnType<number, number | undefined>
  article_url: string | null
  notes: string | null
  idempotency_key: string | null
  idempotency_hash: string | null
  created_at: Generated<Date>
}

export interface Database {
  regions: RegionsTable
  sites: SitesTable
  categories: CategoriesTable
  category_aliases: CategoryAliasesTable
  articles: ArticlesTable
  page_views: PageViewsTable
  imported_daily_views: ImportedDailyViewsTable
  salts: SaltsTable
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  login_failures: LoginFailuresTable
  audit_log: AuditLogTable
  kim_groups: KimGroupsTable
  kim_status_changes: KimStatusChangesTable
  kim_activities: KimActivitiesTable
  rollup_settings: RollupSettingsTable
  rollup_views: RollupViewsTable
  rollup_referrers: RollupViewsTable & { referrer_host: string }
  rollup_devices: RollupViewsTable & { device: string }
  rollup_segment_views: RollupSegmentViewsTable
  rollup_segment_referrers: RollupSegmentViewsTable & { referrer_host: string }
  rollup_segment_devices: RollupSegmentViewsTable & { device: string }
  rollup_hours: RollupHoursTable
  rollup_minutes: RollupMinutesTable
  rollup_visitors_seen: RollupVisitorsSeenTable
  rollup_queue: RollupQueueTable
  report_schedules: ReportSchedulesTable
  report_deliveries: ReportDeliveriesTable
}

// Rollups (migration 2026-11-27-04-rollups): counted from rollup_queue by drainRollupQueue, rebuilt by rebuildRollups.

export interface RollupSettingsTable {
  id: number
  /** The zone the rollups' days were counted in; null until first built. */
  time_zone: string | null
}

export interface RollupViewsTable {
  grain: 'day' | 'month'
  /** The day, or the 1st of the month; a `date`, selected as text by the stats queries. */
  period: ColumnType<Date, string, string>
  article_id: number
  views: number
  /** Unique visitors per (day, article), summed for months. */
  visitors: number
}

/** The same counts per segment: site, regency ("64.08"; '' unknown), category (0 = none). */
export interface RollupSegmentViewsTable {
  grain: 'day' | 'month'
  period: ColumnType<Date, string, string>
  site_id: number
  region_code: string
  category_id: number
  views: number
  visitors: number
}

export interface RollupHoursTable {
  hour: Date
  article_id: number
  views: number
}

export interface RollupMinutesTable {
  minute: Date
  article_id: number
  views: number
}

export interface RollupVisitorsSeenTable {
  day: ColumnType<Date, string, string>
  article_id: number
  /** '' for the article, 'r:<referrer host>' or 'd:<device>' for those breakdowns. */
  facet: string
  visitor_hash: string
}

/** A page view stored but not yet counted into the rollups (migration 2026-11-27-07-rollup-queue). */
export interface RollupQueueTable {
  /** page_views.id (bigint as a string). */
  page_view_id: string
}

// The monthly report by email (migration 2026-11-27-06-report-schedules).

export interface ReportSchedulesTable {
  id: Generated<number>
  /** Lower-case addresses. */
  recipients: ColumnType<string[], string[], string[]>
  /** A regency ("64.08"); null = the whole province. */
  region_code: string | null
  lang: 'id' | 'en'
  day_of_month: number
  /** 0–23 in the report time zone. */
  hour: number
  enabled: boolean
  created_by: number | null
  created_at: Date
  updated_at: Date
}

export interface ReportDeliveriesTable {
  id: Generated<number>
  schedule_id: number
  /** "YYYY-MM". */
  month: string
  kind: 'scheduled' | 'manual'
  status: ColumnType<'pending' | 'sending' | 'sent' | 'failed', 'pending' | 'sending' | 'sent' | 'failed' | undefined>
  attempts: ColumnType<number, number | undefined>
  next_attempt_at: Date | null
  last_error: string | null
  recipients: ColumnType<string[], string[] | undefined, string[]>
  pdf_attached: boolean | null
  sent_at: Date | null
  message_id: string | null
  created_at: ColumnType<Date, Date | undefined, never>
}

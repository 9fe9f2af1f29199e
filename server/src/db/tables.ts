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
}

export interface CategoriesTable {
  id: Generated<number>
  slug: string
  name: string
}

export interface ArticlesTable {
  id: Generated<number>
  site_id: number
  url: string
  title: string | null
  category_id: number | null
  region_code: string | null
  author: string | null
  published_at: Date | null
  /** bigint in SQL; pg returns it as a string. */
  views: ColumnType<string, string | number | undefined, string | number>
  created_at: Generated<Date>
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

export interface Database {
  regions: RegionsTable
  sites: SitesTable
  categories: CategoriesTable
  articles: ArticlesTable
  page_views: PageViewsTable
  salts: SaltsTable
}

import type { Db } from '../db/kysely.ts'

// The keys ingest checks every page view against (ingest/catalog-cache.ts keeps them in memory), and
// the one write of that lookup: a site ingest creates for a new host while no site is configured.

export interface SiteKey {
  id: number
  hostname: string
  regionCode: string | null
  autoCreated: boolean
}

/** Sites, categories and region codes: the small lookup tables ingest checks every event against. */
export async function listCatalogKeys(db: Db) {
  const [sites, categories, aliases, regions] = await Promise.all([
    db.selectFrom('sites').select(['id', 'hostname', 'region_code', 'auto_created']).execute(),
    db.selectFrom('categories').select(['id', 'slug', 'name', 'mapped', 'merged_into']).execute(),
    db.selectFrom('category_aliases').select(['key', 'category_id']).execute(),
    db.selectFrom('regions').select('code').execute(),
  ])
  return {
    sites: sites.map((s): SiteKey => ({ id: s.id, hostname: s.hostname, regionCode: s.region_code, autoCreated: s.auto_created })),
    // A category mapped onto another (merged_into) stands for that other one.
    categories: categories.map((c) => ({
      id: c.merged_into ?? c.id,
      slug: c.slug,
      name: c.name,
      unmapped: !c.mapped && c.merged_into === null,
    })),
    /** Normalised category text → category (shared categoryKey). */
    categoryAliases: aliases.map((a) => ({ key: a.key, categoryId: a.category_id })),
    regionCodes: regions.map((r) => r.code),
  }
}

/** Creates (or finds) a site for a hostname seen while no site is configured. */
export async function ensureAutoSite(db: Db, hostname: string): Promise<number> {
  await db
    .insertInto('sites')
    .values({ hostname, name: hostname, auto_created: true })
    .onConflict((oc) => oc.column('hostname').doNothing())
    .execute()
  const row = await db.selectFrom('sites').select('id').where('hostname', '=', hostname).executeTakeFirstOrThrow()
  return row.id
}

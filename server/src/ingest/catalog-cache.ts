import { canonicalHost, categoryKey } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { ensureAutoSite, listCatalogKeys, type SiteKey } from '../queries/catalog-keys.ts'
import { ensureUnmappedCategory } from '../queries/ensure-unmapped-category.ts'

const REFRESH_MS = 10_000

/** Unmapped categories that views may create before an admin maps some (INGEST_MAX_UNMAPPED_CATEGORIES). */
export const DEFAULT_MAX_UNMAPPED_CATEGORIES = 200

/** Why a view's category text was not kept as a category (the view itself is stored). */
export type CategoryDropReason = 'category_unreadable' | 'category_limit'

/**
 * Normalised category text (categoryKey) → category id, from listCatalogKeys: every category's slug
 * and name, then the aliases (the texts mapped onto a category), which win.
 */
export function categoryKeyMap(
  keys: Pick<Awaited<ReturnType<typeof listCatalogKeys>>, 'categories' | 'categoryAliases'>,
): Map<string, number> {
  const byKey = new Map<string, number>()
  for (const c of keys.categories) {
    byKey.set(categoryKey(c.slug), c.id)
    byKey.set(categoryKey(c.name), c.id)
  }
  for (const a of keys.categoryAliases) byKey.set(a.key, a.categoryId)
  byKey.delete('')
  return byKey
}

/**
 * The key a host is looked up by: the article URL's host rule (canonicalHost), so that
 * www.example.go.id, EXAMPLE.go.id and example.go.id. are one site, as they are one article.
 */
export function siteHost(hostname: string): string {
  return canonicalHost(hostname)
}

/**
 * In-memory copy of the lookup tables ingest needs on every event (sites, categories, region codes),
 * reloaded every few seconds and at once after an admin changes them (`invalidate`).
 */
export class CatalogCache {
  private loaded:
    | {
        at: number
        /** No site configured by an admin or SITES (openMode). */
        open: boolean
        byHost: Map<string, SiteKey>
        categoryByKey: Map<string, number>
        unmapped: number
        regionCodes: Set<string>
      }
    | undefined
  private loading: Promise<void> | undefined
  /** Categories being created, by key: concurrent views with one new text wait for one insert. */
  private readonly creating = new Map<string, Promise<number | null>>()
  /** Category texts not kept, by reason (GET /metrics). */
  readonly categoryDrops: Record<CategoryDropReason, number> = { category_unreadable: 0, category_limit: 0 }
  private readonly maxUnmapped: number

  constructor(
    private readonly db: Db,
    options: { maxUnmappedCategories?: number } = {},
  ) {
    this.maxUnmapped = options.maxUnmappedCategories ?? DEFAULT_MAX_UNMAPPED_CATEGORIES
  }

  invalidate(): void {
    this.loaded = undefined
  }

  /** True while no site was configured by an admin or SITES: any host is accepted then. */
  async openMode(): Promise<boolean> {
    return (await this.current()).open
  }

  /**
   * The site an event for `hostname` belongs to: a configured site, or (in open mode only) a site
   * created for the host on the fly. Null when the host is not measured here.
   */
  async siteFor(hostname: string): Promise<SiteKey | null> {
    const c = await this.current()
    const site = c.byHost.get(siteHost(hostname))
    // A site created on the fly in open mode stops counting once an admin or SITES configured one.
    if (site && (!site.autoCreated || c.open)) return site
    if (!c.open) return null
    await ensureAutoSite(this.db, siteHost(hostname))
    this.invalidate()
    return (await this.current()).byHost.get(siteHost(hostname)) ?? null
  }

  /**
   * The configured site that Plausible's `d` names (one of `domains`), when the page on `hostname` is
   * on that site or a subdomain of it: berita.kutaitimurkab.go.id with d=kutaitimurkab.go.id. Null
   * otherwise, and then the page's host decides (`siteFor`).
   */
  async siteNamed(hostname: string, domains: readonly string[]): Promise<SiteKey | null> {
    const c = await this.current()
    const host = siteHost(hostname)
    for (const domain of domains) {
      const named = siteHost(domain)
      const site = c.byHost.get(named)
      if (site && !site.autoCreated && (host === named || host.endsWith(`.${named}`))) return site
    }
    return null
  }

  /**
   * Category id for a category text as a portal writes it ("Pemerintahan", " pemerintahan "): the
   * category whose slug, name or alias has its key (categoryKey). A text no category has yet gets
   * an unmapped category of its own (shown under its name until an admin maps it), so it is never
   * lost. Null, counted in `categoryDrops`, when the text has no key or too many unmapped
   * categories wait already.
   */
  async categoryId(nameOrSlug: string): Promise<number | null> {
    const c = await this.current()
    const key = categoryKey(nameOrSlug)
    if (!key) {
      this.categoryDrops.category_unreadable++
      return null
    }
    const known = c.categoryByKey.get(key)
    if (known !== undefined) return known
    let creating = this.creating.get(key)
    if (!creating) {
      // Past the bound, no query at all: texts sent by anyone must not cost a write each.
      if (c.unmapped >= this.maxUnmapped) {
        this.categoryDrops.category_limit++
        return null
      }
      creating = ensureUnmappedCategory(this.db, nameOrSlug, this.maxUnmapped).then((id) => {
        if (id !== null) {
          c.categoryByKey.set(key, id)
          c.unmapped++
        }
        return id
      })
      this.creating.set(key, creating)
      void creating.finally(() => this.creating.delete(key)).catch(() => {})
    }
    const id = await creating
    if (id === null) this.categoryDrops.category_limit++
    return id
  }

  async regionExists(code: string): Promise<boolean> {
    return (await this.current()).regionCodes.has(code)
  }

  private async current() {
    if (!this.loaded || Date.now() - this.loaded.at > REFRESH_MS) {
      this.loading ??= this.load().finally(() => (this.loading = undefined))
      await this.loading
    }
    return this.loaded!
  }

  private async load(): Promise<void> {
    const keys = await listCatalogKeys(this.db)
    this.loaded = {
      open: !keys.sites.some((s) => !s.autoCreated),
      at: Date.now(),
      byHost: new Map(keys.sites.map((s) => [siteHost(s.hostname), s])),
      categoryByKey: categoryKeyMap(keys),
      unmapped: keys.categories.filter((c) => c.unmapped).length,
      regionCodes: new Set(keys.regionCodes),
    }
  }
}

import { ensureAutoSite, listCatalogKeys, type SiteKey } from '../queries/list-catalog-keys.ts'
import type { Db } from '../plugins/db.ts'

const REFRESH_MS = 10_000

/** Strips a leading "www." so that www.example.go.id and example.go.id are one site. */
export function siteHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '')
}

/**
 * In-memory copy of the lookup tables ingest needs on every event (sites, categories, region codes),
 * reloaded every few seconds and at once after an admin changes them (`invalidate`).
 */
export class CatalogCache {
  private loaded:
    | { at: number; sites: SiteKey[]; byHost: Map<string, SiteKey>; categoryByKey: Map<string, number>; regionCodes: Set<string> }
    | undefined
  private loading: Promise<void> | undefined

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.loaded = undefined
  }

  /** True while no site was configured by an admin or SITES: any host is accepted then. */
  async openMode(): Promise<boolean> {
    const c = await this.current()
    return !c.sites.some((s) => !s.autoCreated)
  }

  /**
   * The site an event for `hostname` belongs to: a configured site, or (in open mode only) a site
   * created for the host on the fly. Null when the host is not measured here.
   */
  async siteFor(hostname: string): Promise<SiteKey | null> {
    const c = await this.current()
    const site = c.byHost.get(siteHost(hostname))
    if (site) return site
    if (!(await this.openMode())) return null
    await ensureAutoSite(this.db, siteHost(hostname))
    this.invalidate()
    return (await this.current()).byHost.get(siteHost(hostname)) ?? null
  }

  /** Category id for a name or slug as a portal writes it ("Pemerintahan"), or null if unknown. */
  async categoryId(nameOrSlug: string): Promise<number | null> {
    return (await this.current()).categoryByKey.get(nameOrSlug.trim().toLowerCase()) ?? null
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
    const categoryByKey = new Map<string, number>()
    for (const c of keys.categories) {
      categoryByKey.set(c.slug.toLowerCase(), c.id)
      categoryByKey.set(c.name.toLowerCase(), c.id)
    }
    this.loaded = {
      sites: keys.sites,
      at: Date.now(),
      byHost: new Map(keys.sites.map((s) => [siteHost(s.hostname), s])),
      categoryByKey,
      regionCodes: new Set(keys.regionCodes),
    }
  }
}

import { hostOf, normaliseArticleUrl, type CollectEvent } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { insertPageViews, type PageViewRow } from '../queries/insert-page-views.ts'
import type { Db } from '../plugins/db.ts'
import { Batcher, type BatcherOptions } from './batcher.ts'
import { CatalogCache, siteHost } from './catalog-cache.ts'
import { describeUserAgent, isBotUserAgent } from './user-agent.ts'
import { VisitorHasher } from './visitor-hash.ts'

/** A page view as it arrives: the validated body plus what the request itself tells. */
export interface Hit {
  event: CollectEvent
  ip: string
  userAgent: string
  receivedAt: Date
}

export type DropReason = 'bot' | 'unknown_site' | 'unsupported_event'
export type Outcome = { stored: true } | { stored: false; reason: DropReason }

export interface PipelineOptions extends BatcherOptions {
  timeZone: string
  urlKeepParams: string[]
}

/**
 * Ingestion as named steps. Each step passes the hit on or drops it with a reason that is counted
 * (`drops`); invalid input is an error (400) and is counted as `invalid`. The last step hands the
 * row to the group-commit batcher and waits until its batch is committed.
 *
 *   validate → drop bots → drop unknown hosts → visitor hash → resolve article → write
 */
export class IngestPipeline {
  readonly catalog: CatalogCache
  readonly batcher: Batcher<PageViewRow>
  readonly drops: Record<DropReason | 'invalid', number> = { bot: 0, unknown_site: 0, unsupported_event: 0, invalid: 0 }
  private readonly hasher: VisitorHasher

  constructor(
    db: Db,
    private readonly options: PipelineOptions,
  ) {
    this.catalog = new CatalogCache(db)
    this.hasher = new VisitorHasher(db, options.timeZone)
    // One statement, so its own transaction: no BEGIN and COMMIT round trips around it.
    this.batcher = new Batcher((rows) => insertPageViews(db, rows), options)
  }

  async ingest(hit: Hit): Promise<Outcome> {
    const url = await this.validate(hit)
    if (!hit.userAgent || isBotUserAgent(hit.userAgent)) return this.drop('bot')
    const site = await this.catalog.siteFor(hostOf(url)!)
    if (!site) return this.drop('unknown_site')
    const visitorHash = await this.hasher.hash(hit.receivedAt, site.id, hit.ip, hit.userAgent)
    const article = await this.resolveArticle(hit.event, site.regionCode)
    const { device, browser } = describeUserAgent(hit.userAgent, hit.event.screen)
    await this.batcher.add({
      occurredAt: hit.receivedAt,
      siteId: site.id,
      url,
      visitorHash,
      referrerHost: referrerHost(hit.event.referrer, url),
      device,
      browser,
      article,
    })
    return { stored: true }
  }

  /** Counts a drop decided outside the steps (e.g. a Plausible event that is not a page view). */
  drop(reason: DropReason): Outcome {
    this.drops[reason]++
    return { stored: false, reason }
  }

  /** Step 1: the body already matched the schema; here the rules a schema cannot say. */
  private async validate(hit: Hit): Promise<string> {
    const url = normaliseArticleUrl(hit.event.url, this.options.urlKeepParams)
    if (!url) {
      this.drops.invalid++
      throw badRequest('invalid_url', 'url harus alamat http(s) lengkap. / url must be an absolute http(s) URL.')
    }
    const published = hit.event.meta?.published
    if (published !== undefined && Number.isNaN(Date.parse(published))) {
      this.drops.invalid++
      throw badRequest('invalid_published', 'meta.published bukan tanggal ISO 8601. / meta.published is not an ISO 8601 date.')
    }
    const region = hit.event.meta?.region
    if (region !== undefined && !(await this.catalog.regionExists(region))) {
      this.drops.invalid++
      throw badRequest('unknown_region', `Kode wilayah ${region} tidak dikenal. / Unknown region code ${region}.`)
    }
    return url
  }

  /** Step 5: what the view tells about its article (only a known category is used). */
  private async resolveArticle(event: CollectEvent, siteRegion: string | null) {
    const meta = event.meta ?? {}
    return {
      title: event.title?.trim() || null,
      categoryId: meta.category ? await this.catalog.categoryId(meta.category) : null,
      regionCode: meta.region ?? siteRegion,
      author: meta.author?.trim() || null,
      publishedAt: meta.published ? new Date(meta.published) : null,
    }
  }
}

/** The referring host, or null for direct visits and for links within the same site. */
export function referrerHost(referrer: string | undefined | null, pageUrl: string): string | null {
  if (!referrer) return null
  const host = hostOf(referrer)
  if (!host) return null
  const page = hostOf(pageUrl)
  if (page && siteHost(page) === siteHost(host)) return null
  return host.slice(0, 255)
}

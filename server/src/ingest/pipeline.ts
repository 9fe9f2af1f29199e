import { CollectMeta, cleanCategoryText, hostOf, normaliseArticleUrl, withFragment, type CollectEvent } from '@jangkau/shared'
import { Compile } from 'typebox/compile'
import type { Db } from '../db/kysely.ts'
import { badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { insertPageViews, type PageViewRow } from '../queries/insert-page-views.ts'
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
  /** Plausible's `d`: the sites its script names; the view goes to one of them when the page is on it. */
  domains?: readonly string[]
  /** Plausible's props as sent (an object or a JSON string), read leniently in place of `event.meta`. */
  props?: unknown
  /** Plausible's `h: 1`: a hash-routed page, whose fragment is part of the article URL. */
  hashRouting?: boolean
}

/** A prop of a Plausible page view that Jangkau reads into the article. */
type PropName = keyof typeof CollectMeta.properties
const PROP_NAMES = Object.keys(CollectMeta.properties) as PropName[]
/** Each prop is held to the rule /api/collect holds its `meta` field to (length, region pattern, ISO 8601 date-time). */
const PROP_RULES = new Map(PROP_NAMES.map((name) => [name, Compile(CollectMeta.properties[name])] as const))

/**
 * Why a view was not stored; `prop_*` and `props_unreadable`: what of a stored Plausible view was
 * left out (a prop Jangkau cannot use, or props that are neither an object nor JSON of one).
 */
export type DropReason = 'bot' | 'unknown_site' | `prop_${PropName}` | 'props_unreadable'
/** Plausible events other than page views, counted by kind (not stored yet). */
export type EventKind = 'engagement' | 'custom'
export type Outcome = { stored: true } | { stored: false; reason: DropReason }

export interface PipelineOptions extends BatcherOptions {
  timeZone: string
  urlKeepParams: string[]
  /** Unmapped categories views may create (see CatalogCache.categoryId). */
  maxUnmappedCategories?: number
}

/**
 * Ingestion as named steps. Each step passes the hit on or drops it with a reason that is counted
 * (`drops`); invalid input is an error (400) and is counted as `invalid`. The last step hands the
 * row to the group-commit batcher and waits until its batch is committed.
 *
 *   validate → drop bots → drop unknown hosts → read props (Plausible) → visitor hash → resolve article → write
 *
 * Plausible's engagement and custom events go through the first three steps and are then counted
 * (`events`).
 */
export class IngestPipeline {
  readonly catalog: CatalogCache
  readonly batcher: Batcher<PageViewRow>
  readonly drops: Record<DropReason | 'invalid', number> = {
    bot: 0,
    unknown_site: 0,
    prop_category: 0,
    prop_region: 0,
    prop_author: 0,
    prop_published: 0,
    props_unreadable: 0,
    invalid: 0,
  }
  readonly events: Record<EventKind, number> = { engagement: 0, custom: 0 }
  private readonly hasher: VisitorHasher

  constructor(
    db: Db,
    private readonly options: PipelineOptions,
  ) {
    this.catalog = new CatalogCache(db, { maxUnmappedCategories: options.maxUnmappedCategories })
    this.hasher = new VisitorHasher(db, options.timeZone)
    // One statement, so its own transaction: no BEGIN and COMMIT round trips around it.
    this.batcher = new Batcher((rows) => insertPageViews(db, rows), options)
  }

  async ingest(hit: Hit): Promise<Outcome> {
    const url = await this.validate(hit)
    if (!hit.userAgent || isBotUserAgent(hit.userAgent)) return this.drop('bot')
    const site = await this.siteOf(url, hit)
    if (!site) return this.drop('unknown_site')
    const meta = hit.props === undefined ? hit.event.meta : await this.readProps(hit.props)
    const visitorHash = await this.hasher.hash(hit.receivedAt, site.id, hit.ip, hit.userAgent)
    const article = await this.resolveArticle({ ...hit.event, meta }, site.regionCode)
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

  /**
   * A Plausible event that is not a page view: the same first steps (a bad url is a 400, bots and
   * unknown sites are dropped), then counted by kind.
   */
  async count(kind: EventKind, hit: Hit): Promise<Outcome | { counted: EventKind }> {
    const url = await this.validate(hit)
    if (!hit.userAgent || isBotUserAgent(hit.userAgent)) return this.drop('bot')
    if (!(await this.siteOf(url, hit))) return this.drop('unknown_site')
    this.events[kind]++
    return { counted: kind }
  }

  /** Counts a drop. */
  drop(reason: DropReason): Outcome {
    this.drops[reason]++
    return { stored: false, reason }
  }

  /** Step 1: the body already matched the schema; here the rules a schema cannot say. */
  private async validate(hit: Hit): Promise<string> {
    const normalised = normaliseArticleUrl(hit.event.url, this.options.urlKeepParams)
    if (!normalised) {
      this.drops.invalid++
      throw badRequest('invalid_url', t('url harus alamat http(s) lengkap.', 'url must be an absolute http(s) URL.'))
    }
    const published = hit.event.meta?.published
    if (published !== undefined && Number.isNaN(Date.parse(published))) {
      this.drops.invalid++
      throw badRequest('invalid_published', t('meta.published bukan tanggal ISO 8601.', 'meta.published is not an ISO 8601 date.'))
    }
    const region = hit.event.meta?.region
    if (region !== undefined && !(await this.catalog.regionExists(region))) {
      this.drops.invalid++
      throw badRequest('unknown_region', t(`Kode wilayah ${region} tidak dikenal.`, `Unknown region code ${region}.`))
    }
    // A hash-routed page (Plausible's h: 1): "#/a" and "#/b" are articles of their own.
    return hit.hashRouting ? withFragment(normalised, hit.event.url) : normalised
  }

  /** Step 3: the site Plausible's `d` names when the page is on it, else the one of the page's host. */
  private async siteOf(url: string, hit: Hit) {
    const host = hostOf(url)!
    return (hit.domains?.length ? await this.catalog.siteNamed(host, hit.domains) : null) ?? (await this.catalog.siteFor(host))
  }

  /**
   * Step 4, Plausible page views only. Props are free text there: a value Jangkau cannot use (not a
   * string, too long, a region that is not a known Kemendagri code, a date that is not ISO 8601 with
   * an offset: the rules of CollectMeta) is left out and counted as `prop_<name>`, and the view is stored all the same (where
   * /api/collect answers 400). Other props are ignored.
   */
  private async readProps(raw: unknown): Promise<CollectEvent['meta']> {
    const props = parseProps(raw)
    if (!props) {
      this.drop('props_unreadable')
      return undefined
    }
    const meta: NonNullable<CollectEvent['meta']> = {}
    for (const name of PROP_NAMES) {
      const value = props[name]
      if (value === undefined || value === null || value === '') continue
      const text = typeof value === 'string' ? value.trim() : ''
      const usable = PROP_RULES.get(name)!.Check(text) && (name !== 'region' || (await this.catalog.regionExists(text)))
      if (usable) meta[name] = text
      else this.drop(`prop_${name}`)
    }
    return meta
  }

  /** Step 5: what the view tells about its article; a category text no admin set up yet becomes an unmapped category. */
  private async resolveArticle(event: CollectEvent, siteRegion: string | null) {
    const meta = event.meta ?? {}
    return {
      title: event.title?.trim() || null,
      categoryId: meta.category ? await this.catalog.categoryId(meta.category) : null,
      categoryText: meta.category ? cleanCategoryText(meta.category) || null : null,
      regionCode: meta.region ?? siteRegion,
      author: meta.author?.trim() || null,
      publishedAt: meta.published ? new Date(meta.published) : null,
    }
  }
}

/** Plausible's props: an object, or (older plausible.js) the same as a JSON string; null when neither. */
function parseProps(raw: unknown): Record<string, unknown> | null {
  let value = raw
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw)
    } catch {
      return null
    }
  }
  if (value === null) return {}
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
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

import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { t } from '../i18n.ts'
import { siteHost } from '../ingest/catalog-cache.ts'

/*
 * The portal's own feed: RSS 2.0, Atom, a sitemap (urlset, incl. Google News `news:title`) or a
 * sitemap index. Fetched by the server from the site's own host only: redirects must stay on it, the
 * answer has a time limit and a size limit. What it says about an article is the portal's word, so
 * the catalogue takes it as confirmed.
 */

/** One article as the portal lists it; fields it does not give are null. */
export interface FeedItem {
  /** As written in the feed (normalised by the caller). */
  url: string
  title: string | null
  author: string | null
  category: string | null
  publishedAt: Date | null
}

/** Why a sync failed: a stable code and a bilingual message, recorded on the site. */
export class FeedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export interface FeedLimits {
  timeoutMs: number
  maxBytes: number
}

const MAX_REDIRECTS = 5
/** Child sitemaps read from one sitemap index. */
const MAX_CHILD_SITEMAPS = 20

/** True when `url` is http(s) on `hostname` (the site's host, "www." ignored) or a subdomain of it. */
export function isOnSiteHost(url: string, hostname: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  if (parsed.username || parsed.password) return false
  const host = siteHost(parsed.hostname)
  const site = siteHost(hostname)
  return host === site || host.endsWith(`.${site}`)
}

/**
 * The feed's text. Follows at most five redirects, each only within the site's host; refuses an
 * answer that is not 200, larger than `maxBytes`, or slower than `timeoutMs` in all.
 */
export async function fetchFeed(url: string, hostname: string, limits: FeedLimits): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  try {
    let current = url
    for (let hop = 0; ; hop++) {
      if (!isOnSiteHost(current, hostname)) {
        throw new FeedError(
          'feed_off_site',
          t(
            `Alamat feed keluar dari host situs: ${current.slice(0, 200)}.`,
            `The feed address leaves the site's host: ${current.slice(0, 200)}.`,
          ),
        )
      }
      const response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.1',
          'user-agent': 'Jangkau feed sync',
        },
      })
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel()
        if (hop >= MAX_REDIRECTS) throw new FeedError('feed_redirects', t('Terlalu banyak pengalihan.', 'Too many redirects.'))
        current = new URL(response.headers.get('location')!, current).toString()
        continue
      }
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new FeedError('feed_http_status', t(`Feed menjawab HTTP ${response.status}.`, `The feed answered HTTP ${response.status}.`))
      }
      return await readLimited(response, limits.maxBytes)
    }
  } catch (error) {
    if (error instanceof FeedError) throw error
    if (signal.aborted) {
      throw new FeedError(
        'feed_timeout',
        t(
          `Feed tidak menjawab dalam ${limits.timeoutMs / 1000} detik.`,
          `The feed did not answer within ${limits.timeoutMs / 1000} seconds.`,
        ),
      )
    }
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
    throw new FeedError('feed_unreachable', t(`Feed tidak dapat diambil: ${reason}.`, `The feed could not be fetched: ${reason}.`))
  }
}

/** The body as UTF-8 text, read until `maxBytes` and refused beyond (whatever Content-Length says). */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new FeedError('feed_too_large', t(`Feed lebih besar dari ${maxBytes} bita.`, `The feed is larger than ${maxBytes} bytes.`))
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel()
    throw tooLarge()
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body ?? []) {
    size += chunk.length
    if (size > maxBytes) {
      await response.body?.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // news:title → title, dc:creator → creator: one reading for every namespace a CMS uses.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['item', 'entry', 'url', 'sitemap', 'category', 'link', 'author', 'creator'].includes(name),
})

/** Text of an element that may carry attributes (Atom's `<title type="html">`) or be repeated. */
function textOf(value: unknown): string | null {
  if (Array.isArray(value)) return textOf(value[0])
  if (value === null || value === undefined) return null
  if (typeof value === 'object') return textOf((value as Record<string, unknown>)['#text'] ?? (value as Record<string, unknown>).name)
  // Titles of Atom type="html" (and careless RSS) may carry tags: keep the words.
  const text = String(value)
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return text || null
}

const limited = (value: string | null, max: number) => (value === null ? null : value.slice(0, max))

function dateOf(value: unknown): Date | null {
  const text = textOf(value)
  if (!text) return null
  const date = new Date(text)
  return Number.isNaN(date.getTime()) ? null : date
}

function item(url: unknown, fields: { title: unknown; author: unknown; category: unknown; published: unknown }): FeedItem | null {
  const link = textOf(url)
  if (!link) return null
  return {
    url: link,
    title: limited(textOf(fields.title), 500),
    author: limited(textOf(fields.author), 200),
    category: limited(textOf(fields.category), 100),
    publishedAt: dateOf(fields.published),
  }
}

type Node = Record<string, any>

/** Atom's article link: rel="alternate" (or no rel), not the feed's self link. */
function atomLink(links: Node[] | undefined): string | null {
  const link = (links ?? []).find((l) => typeof l === 'object' && (!l['@_rel'] || l['@_rel'] === 'alternate'))
  return link?.['@_href'] ?? null
}

/** The articles a feed lists, and (for a sitemap index) the child sitemaps to read. Throws FeedError for XML it cannot read. */
export function parseFeed(xml: string): { items: FeedItem[]; sitemaps: string[] } {
  if (XMLValidator.validate(xml) !== true) {
    throw new FeedError('feed_invalid_xml', t('Feed bukan XML yang sah.', 'The feed is not valid XML.'))
  }
  let doc: Node
  try {
    doc = parser.parse(xml) as Node
  } catch (error) {
    throw new FeedError(
      'feed_invalid_xml',
      t(`Feed tidak dapat dibaca: ${(error as Error).message}.`, `The feed cannot be read: ${(error as Error).message}.`),
    )
  }
  const present = <T>(list: (T | null)[]) => list.filter((x): x is T => x !== null)
  if (doc.rss?.channel) {
    const channel = Array.isArray(doc.rss.channel) ? doc.rss.channel[0] : doc.rss.channel
    const items = ((channel?.item ?? []) as Node[]).map((i) =>
      item(i.link, { title: i.title, author: i.creator ?? i.author, category: i.category, published: i.pubDate ?? i.date }),
    )
    return { items: present(items), sitemaps: [] }
  }
  if (doc.feed) {
    const items = ((doc.feed.entry ?? []) as Node[]).map((e) =>
      item(atomLink(e.link), {
        title: e.title,
        author: e.author,
        category: e.category?.[0]?.['@_term'] ?? e.category,
        published: e.published ?? e.updated,
      }),
    )
    return { items: present(items), sitemaps: [] }
  }
  if (doc.urlset) {
    const items = ((doc.urlset.url ?? []) as Node[]).map((u) =>
      // lastmod is when the page last changed, not when it was published: not used.
      item(u.loc, { title: u.news?.title, author: null, category: null, published: u.news?.publication_date }),
    )
    return { items: present(items), sitemaps: [] }
  }
  if (doc.sitemapindex) {
    return { items: [], sitemaps: present(((doc.sitemapindex.sitemap ?? []) as Node[]).map((s) => textOf(s.loc))) }
  }
  throw new FeedError('feed_unknown_format', t('Bukan RSS 2.0, Atom, atau sitemap.', 'Not RSS 2.0, Atom or a sitemap.'))
}

/** Every article of the feed at `url`, reading the child sitemaps of a sitemap index (each on the site's host). */
export async function readFeed(url: string, hostname: string, limits: FeedLimits): Promise<FeedItem[]> {
  const first = parseFeed(await fetchFeed(url, hostname, limits))
  const items = [...first.items]
  for (const child of first.sitemaps.slice(0, MAX_CHILD_SITEMAPS)) {
    const parsed = parseFeed(await fetchFeed(child, hostname, limits))
    items.push(...parsed.items)
  }
  return items
}

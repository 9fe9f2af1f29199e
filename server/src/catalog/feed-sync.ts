import { hostOf, normaliseArticleUrl, type Site } from '@jangkau/shared'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { t } from '../i18n.ts'
import { everyMinute } from '../plugins/every-minute.ts'
import { siteHost } from '../ingest/catalog-cache.ts'
import { applyFeedArticles, type FeedArticleRow } from '../queries/apply-feed-articles.ts'
import { getSite, listFeedSitesDue, recordFeedSync } from '../queries/sites.ts'
import { FeedError, readFeed } from './portal-feed.ts'

/** What one sync did; `error` is recorded on the site as well. */
export interface FeedSyncOutcome {
  site: Site
  created: number
  updated: number
}

/**
 * Reads a site's feed and stores what it says about the site's articles (see applyFeedArticles).
 * Nothing is stored unless the whole feed was read; either way the outcome (time, error, articles
 * read) is recorded on the site. Items off the site's own host are skipped.
 */
export async function syncSiteFeed(app: FastifyInstance, site: Site): Promise<FeedSyncOutcome> {
  const at = app.clock()
  if (!site.feedUrl) throw new Error(`site ${site.id} has no feed`)
  let counts = { created: 0, updated: 0 }
  try {
    const items = await readFeed(site.feedUrl, site.hostname, app.config.feedSync)
    const rows = new Map<string, FeedArticleRow>()
    for (const item of items) {
      const url = normaliseArticleUrl(item.url, app.config.urlKeepParams)
      if (!url || siteHost(hostOf(url)!) !== siteHost(site.hostname) || rows.has(url)) continue
      const categoryId = item.category ? await app.ingest.catalog.categoryId(item.category) : null
      rows.set(url, { url, title: item.title, categoryId, author: item.author, publishedAt: item.publishedAt })
    }
    counts = await app.db.transaction().execute((trx) => applyFeedArticles(trx, site, [...rows.values()]))
    await recordFeedSync(app.db, site.id, { at, error: null, items: rows.size })
  } catch (error) {
    if (!(error instanceof FeedError)) app.log.warn({ err: error, siteId: site.id }, 'feed sync failed')
    const message =
      error instanceof FeedError ? error.message : t('Sinkronisasi gagal karena galat server.', 'The sync failed with a server error.')
    await recordFeedSync(app.db, site.id, { at, error: message, items: null })
  }
  return { site: (await getSite(app.db, site.id))!, ...counts }
}

/**
 * Reads every site's feed once per FEED_SYNC_MINUTES (0 = off; "Sinkronkan sekarang" still works):
 * a pass every minute (everyMinute) from the moment the server listens, one site after another.
 */
export default fp(
  async (app) => {
    const minutes = app.config.feedSync.intervalMinutes
    if (minutes === 0) return
    everyMinute(app, 'feed sync', async () => {
      const now = app.clock()
      for (const id of await listFeedSitesDue(app.db, new Date(now.getTime() - minutes * 60_000))) {
        const site = await getSite(app.db, id)
        if (site?.feedUrl) await syncSiteFeed(app, site)
      }
    })
  },
  { name: 'feed-sync', dependencies: ['db'] },
)

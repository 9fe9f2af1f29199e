import { hashPassword } from '../auth/password.ts'
import type { Db } from '../db/kysely.ts'
import { appendPageViews } from '../queries/append-page-views.ts'
import { getArticleIds } from '../queries/articles.ts'
import { insertAuditEntry } from '../queries/audit.ts'
import { DEMO_AUDIT_ENTITY, findDemoLoad, lockDemoLoad } from '../queries/demo.ts'
import { ensureCategories } from '../queries/ensure-categories.ts'
import { ensureSites } from '../queries/ensure-sites.ts'
import { importKimActivities } from '../queries/import-kim-activities.ts'
import { importKimGroups } from '../queries/import-kim-groups.ts'
import { importKimStatusChanges } from '../queries/import-kim-status-changes.ts'
import { listKimGroupKeys } from '../queries/kim-groups.ts'
import { prepareRollups } from '../queries/prepare-rollups.ts'
import { rebuildRollups } from '../queries/rebuild-rollups.ts'
import { recountArticleViews } from '../queries/recount-article-views.ts'
import { listVillages } from '../queries/regions.ts'
import { upsertArticles } from '../queries/upsert-articles.ts'
import { findUserByEmail, insertUser } from '../queries/users.ts'
import { DEMO_CATEGORIES, DEMO_SITES, DEMO_USERS, SEED_ARTICLE } from './catalog.ts'
import { generateDemoData } from './generate.ts'

/** Page views per statement: large enough to be fast, small enough to report progress. */
const CHUNK = 10_000

export interface DemoProgress {
  /** 0 to 100. */
  percent: number
  /** What is being written, e.g. "page views 40.000 / 220.000". */
  step: string
}

export interface DemoLoadOptions {
  /** The report zone: the daily rhythm of the views follows its clock, the rollups count its days. */
  timeZone: string
  /** The end of the demo period; the same `now` always gives the same data. */
  now: Date
  onProgress?: (progress: DemoProgress) => void
}

export type DemoLoadResult =
  | { loaded: false; loadedAt: Date }
  | {
      loaded: true
      counts: {
        sites: number
        categories: number
        articles: number
        pageViews: number
        kimGroups: number
        kimStatusChanges: number
        kimActivities: number
        users: number
      }
      milliseconds: number
    }

/**
 * Writes the demo data set (server/src/demo/generate.ts) in ONE transaction: sites, categories,
 * articles with their page views (the seed article with exactly 493), articles.views and the rollups
 * recounted from those views, KIM groups with their status history and activities, and the demo
 * logins. Idempotent: the transaction takes an advisory lock and ends with an audit entry
 * (entity "demo_data") that marks the load; if that entry exists, nothing is written. A failure
 * writes nothing.
 */
export async function loadDemoData(db: Db, options: DemoLoadOptions): Promise<DemoLoadResult> {
  const started = performance.now()
  const progress = options.onProgress ?? (() => {})
  const previous = await findDemoLoad(db)
  if (previous) return { loaded: false, loadedAt: previous.at }

  progress({ percent: 0, step: 'menyiapkan data / generating' })
  // scrypt is slow on purpose: the three hashes are computed on libuv's threads while the main
  // thread generates and writes the data, and awaited when the users are created.
  const passwordHashes = Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)))
  passwordHashes.catch(() => {}) // awaited below; a rejection must not go unhandled meanwhile
  const villages = await listVillages(db)
  const data = generateDemoData({ now: options.now, timeZone: options.timeZone, villages })
  // The rollups must know their zone before they can be rebuilt (the server does this at start too).
  await prepareRollups(db, options.timeZone)
  progress({ percent: 15, step: `data dibuat / generated (${formatId(data.views.count)} page views)` })

  const counts = await db.transaction().execute(async (trx) => {
    await lockDemoLoad(trx)
    const again = await findDemoLoad(trx)
    if (again) return undefined // another process loaded it while this one was generating

    // Demo portals are marked auto_created like sites ingest creates in open mode: they are not
    // configuration, so a fresh install keeps accepting views from any host until an admin (or
    // SITES) configures a site (see CatalogCache.openMode).
    const siteIds = await ensureSites(
      trx,
      DEMO_SITES.map((s) => ({ hostname: s.hostname, name: s.name, regionCode: s.regionCode, autoCreated: true })),
    )
    const categoryIds = await ensureCategories(
      trx,
      DEMO_CATEGORIES.map((c) => ({ slug: c.slug, name: c.name })),
    )
    await upsertArticles(
      trx,
      data.articles.map((a) => ({
        url: a.url,
        siteId: siteIds.get(a.hostname)!,
        title: a.title,
        categoryId: categoryIds.get(a.categorySlug)!,
        regionCode: a.regionCode,
        author: a.author,
        publishedAt: a.publishedAt,
      })),
    )
    const urlIds = await getArticleIds(
      trx,
      data.articles.map((a) => a.url),
    )
    const articleIds = data.articles.map((a) => urlIds.get(a.url)!)
    const articleSiteIds = data.articles.map((a) => siteIds.get(a.hostname)!)
    progress({ percent: 20, step: `${data.articles.length} artikel / articles` })

    // The percentages follow where the time goes (measured with `pnpm bench demo`): the rollups take
    // half of it, generating the data and the page views a fifth each, everything else little.
    const { views } = data
    const column = (values: Float64Array | Int32Array | Uint8Array, start: number, end: number) => Array.from(values.subarray(start, end))
    for (let start = 0; start < views.count; start += CHUNK) {
      const end = Math.min(start + CHUNK, views.count)
      await appendPageViews(trx, {
        occurredAt: column(views.occurredAt, start, end),
        article: column(views.article, start, end),
        visitorHash: column(views.visitorHash, start, end),
        referrer: column(views.referrer, start, end),
        device: column(views.device, start, end),
        browser: column(views.browser, start, end),
        articleIds,
        articleSiteIds,
        referrerHosts: views.referrers,
        devices: views.devices,
        browsers: views.browsers,
      })
      progress({ percent: 20 + Math.round((end / views.count) * 22), step: `page views ${formatId(end)} / ${formatId(views.count)}` })
    }
    await recountArticleViews(trx, articleIds)
    progress({ percent: 44, step: 'articles.views' })

    await rebuildRollups(trx, {
      now: options.now,
      onProgress: (fraction) => progress({ percent: 44 + Math.round(fraction * 52), step: 'rollups' }),
    })

    const groups = data.kimGroups
    await importKimGroups(
      trx,
      groups.map((g) => {
        const current = g.history[g.history.length - 1]!
        return {
          name: g.name,
          villageCode: g.village.code,
          districtCode: g.village.districtCode,
          regionCode: g.village.regionCode,
          decreeNumber: g.decreeNumber,
          decreeDate: g.decreeDate,
          formedOn: g.formedOn,
          status: current.status,
          statusSince: current.on,
          budget: g.budget,
          members: g.members,
          officers: g.officers,
          channels: g.channels,
          registrationNumber: g.registrationNumber,
        }
      }),
      options.now,
    )
    // importKimGroups wrote each group's current status; add the earlier entries of its history.
    const groupIds = new Map<string, number>()
    for (const key of await listKimGroupKeys(
      trx,
      groups.map((g) => g.village.code),
    )) {
      const k = `${key.villageCode}|${key.name}`
      if (!groupIds.has(k)) groupIds.set(k, key.id) // newest first: the one just imported
    }
    const idOf = (g: (typeof groups)[number]) => groupIds.get(`${g.village.code}|${g.name}`)!
    const earlier = groups.flatMap((g) => g.history.slice(0, -1).map((h) => ({ groupId: idOf(g), status: h.status, changedOn: h.on })))
    await importKimStatusChanges(trx, earlier)
    const activities = groups.flatMap((g) => g.activities.map((a) => ({ ...a, groupId: idOf(g) })))
    await importKimActivities(trx, activities, options.now)
    progress({ percent: 98, step: `${groups.length} KIM, ${activities.length} kegiatan / activities` })

    const hashes = await passwordHashes
    let users = 0
    for (const [i, user] of DEMO_USERS.entries()) {
      if (await findUserByEmail(trx, user.email)) continue // an account of that name exists: keep it
      const created = await insertUser(trx, {
        email: user.email,
        name: user.name,
        passwordHash: hashes[i]!,
        role: user.role,
        regions: user.regions,
      })
      await insertAuditEntry(trx, {
        actor: null,
        action: 'create',
        entity: 'user',
        entityId: String(created.id),
        before: null,
        after: created,
      })
      users++
    }

    const counts = {
      sites: siteIds.size,
      categories: categoryIds.size,
      articles: data.articles.length,
      pageViews: views.count,
      kimGroups: groups.length,
      kimStatusChanges: groups.length + earlier.length,
      kimActivities: activities.length,
      users,
    }
    // The marker: its presence means "the demo data set is in this database".
    await insertAuditEntry(trx, {
      actor: null,
      action: 'import',
      entity: DEMO_AUDIT_ENTITY,
      entityId: null,
      before: null,
      after: { now: options.now.toISOString(), timeZone: options.timeZone, seedArticle: SEED_ARTICLE.url, ...counts },
    })
    return counts
  })

  if (!counts) return { loaded: false, loadedAt: (await findDemoLoad(db))!.at }
  progress({ percent: 100, step: 'selesai / done' })
  return { loaded: true, counts, milliseconds: Math.round(performance.now() - started) }
}

/** 220000 → "220.000" (Indonesian grouping). */
function formatId(n: number): string {
  return n.toLocaleString('id-ID')
}

import type { Village } from '../queries/regions.ts'
import { DEMO_CATEGORIES, DEMO_REGENCIES, DEMO_SITES, SEED_ARTICLE, TITLE_TEMPLATES, type DemoRegency, type DemoSite } from './catalog.ts'
import type { Random } from './random.ts'
import type { DemoArticle } from './generate.ts'
import { DAY, HOUR, isWeekend, type LocalClock, PUBLISH_HOURS } from './local-clock.ts'

// The demo's articles (generate.ts): titles from the catalogue's templates, on the portals' paths,
// published more every year, on working days in office hours mostly.

/** Articles besides the seed article. */
export const ARTICLE_COUNT = 560

export function generateArticles(random: Random, now: Date, clock: LocalClock, villages: Map<string, Village>): DemoArticle[] {
  const villagesByRegency = groupVillages(villages)
  const regencyByCode = new Map(DEMO_REGENCIES.map((r) => [r.code, r]))
  // At least two years, and always back to January 2022 so that the seed article sits among others.
  const start = Math.min(Date.parse('2022-01-01T00:00:00+08:00'), now.getTime() - 730 * DAY)
  const end = now.getTime() - 2 * HOUR
  const seed: DemoArticle = {
    url: SEED_ARTICLE.url,
    hostname: SEED_ARTICLE.hostname,
    title: SEED_ARTICLE.title,
    categorySlug: SEED_ARTICLE.categorySlug,
    regionCode: SEED_ARTICLE.regionCode,
    author: SEED_ARTICLE.author,
    publishedAt: SEED_ARTICLE.publishedAt,
  }
  const articles: DemoArticle[] = [seed]
  const usedTitles = new Set([seed.title])
  const usedUrls = new Set([seed.url])
  const categories = DEMO_CATEGORIES.map((c) => [c.slug, c.weight] as const)
  const provincialRegions = DEMO_REGENCIES.map((r) => [r.code, r.newsWeight] as const)
  const sites = DEMO_SITES.map((s) => [s, s.share] as const)

  for (let i = 0; i < ARTICLE_COUNT; i++) {
    const site: DemoSite = random.weighted(sites)
    // The provincial portal writes about every regency; a regency portal about its own.
    const regionCode = site.regionCode === '64' ? random.weighted(provincialRegions) : site.regionCode
    const regency = regencyByCode.get(regionCode)!
    const categorySlug = random.weighted(categories)
    const publishedAt = new Date(publishInstant(random, start, end, clock))
    const year = clock.year(publishedAt.getTime())
    let title = ''
    for (let attempt = 0; attempt < 8 && (title === '' || usedTitles.has(title)); attempt++) {
      title = fillTitle(random.pick(TITLE_TEMPLATES[categorySlug]!), regency, year, random, villagesByRegency)
    }
    usedTitles.add(title)
    let url = `https://${site.hostname}${site.path(categorySlug, slugOf(title))}`
    for (let n = 2; usedUrls.has(url); n++) url = `https://${site.hostname}${site.path(categorySlug, `${slugOf(title)}-${n}`)}`
    usedUrls.add(url)
    articles.push({ url, hostname: site.hostname, title, categorySlug, regionCode, author: random.pick(site.authors), publishedAt })
  }
  return articles
}

export function groupVillages(villages: Map<string, Village>): Map<string, Village[]> {
  const byRegency = new Map<string, Village[]>()
  // Sorted by code, so that the draw does not depend on the order the database returned them in.
  for (const village of [...villages.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const list = byRegency.get(village.regionCode) ?? []
    list.push(village)
    byRegency.set(village.regionCode, list)
  }
  return byRegency
}

function fillTitle(
  template: string,
  regency: DemoRegency,
  year: number,
  random: Random,
  villagesByRegency: Map<string, Village[]>,
): string {
  const village = random.pick(villagesByRegency.get(regency.code) ?? [{ name: regency.name } as Village])
  return template
    .replaceAll('{name}', regency.name)
    .replaceAll('{short}', regency.short)
    .replaceAll('{gov}', regency.kota ? 'Pemkot' : 'Pemkab')
    .replaceAll('{head}', regency.kota ? 'Wali Kota' : 'Bupati')
    .replaceAll('{village}', village.name)
    .replaceAll('{year}', String(year))
}

/** "Diskominfo Kaltim Lakukan …" → "diskominfo-kaltim-lakukan-…", as the portal builds its paths. */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/**
 * When an article is published: the portals publish more every year (density rising threefold
 * from `start` to `end`), on working days in office hours mostly.
 */
function publishInstant(random: Random, start: number, end: number, clock: LocalClock): number {
  for (;;) {
    // Inverse of the CDF of a density proportional to 1 + 2t on [0, 1].
    const t = (Math.sqrt(1 + 8 * random.next()) - 1) / 2
    const day = clock.localDay(start + t * (end - start))
    if (isWeekend(day) && !random.chance(0.4)) continue
    const instant = clock.at(day, PUBLISH_HOURS.draw(random) + random.next())
    if (instant >= start && instant <= end) return instant
  }
}

import { BROWSERS, DEMO_CATEGORIES, DEVICES, REFERRERS, SEED_ARTICLE, VIRAL_REFERRERS, WEEKEND_FACTOR } from './catalog.ts'
import { type Random, Weighted } from './random.ts'
import type { DemoArticle, DemoViews } from './generate.ts'
import { DAY, HOURS, isWeekend, type LocalClock } from './local-clock.ts'

// The demo's page views (generate.ts): a long tail of views per article, on the local daily rhythm,
// column by column.

/** Page views of all demo articles together (the seed article's 493 included). */
export const TARGET_VIEWS = 160_000

export function generateViews(random: Random, articles: DemoArticle[], now: Date, clock: LocalClock): DemoViews {
  const reachOf = new Map(DEMO_CATEGORIES.map((c) => [c.slug, c.reach]))
  const first = Math.min(...articles.map((a) => a.publishedAt.getTime()))
  const span = now.getTime() - first
  // How many views each article gets: a long tail (log-normal), more for widely read categories,
  // more as the portals grow, and a few articles that spread far (shared in chats).
  const viral = articles.map((_a, i) => i > 0 && random.chance(0.03))
  const raw = articles.map((a, i) => {
    const age = (a.publishedAt.getTime() - first) / span
    const base = random.logNormal(140, 0.9) * (reachOf.get(a.categorySlug) ?? 1) * (0.6 + 0.8 * age)
    return viral[i] ? base * (5 + random.next() * 7) : base
  })
  const seedViews = SEED_ARTICLE.views
  const scale = (TARGET_VIEWS - seedViews) / raw.slice(1).reduce((sum, v) => sum + v, 0)
  const counts = raw.map((v, i) => (i === 0 ? seedViews : Math.max(3, Math.round(v * scale))))
  const total = counts.reduce((sum, v) => sum + v, 0)

  const occurredAt = new Float64Array(total)
  const article = new Int32Array(total)
  const visitorHash = new Float64Array(total)
  const referrer = new Uint8Array(total)
  const device = new Uint8Array(total)
  const browser = new Uint8Array(total)
  const referrers = [...new Set([...REFERRERS, ...VIRAL_REFERRERS].map(([host]) => host))]
  const devices = DEVICES.map(([name]) => name)
  const browsers = [...new Set(Object.values(BROWSERS).flatMap((list) => list.map(([name]) => name)))]
  const referrerIndex = new Map(referrers.map((host, i) => [host, i]))
  const browserIndex = new Map(browsers.map((name, i) => [name, i]))
  const normalReferrers = new Weighted(REFERRERS.map(([host, w]) => [referrerIndex.get(host)!, w] as const))
  const viralReferrers = new Weighted(VIRAL_REFERRERS.map(([host, w]) => [referrerIndex.get(host)!, w] as const))
  const deviceChoices = new Weighted(DEVICES.map(([, w], i) => [i, w] as const))
  const browserChoices = DEVICES.map(([name]) => new Weighted(BROWSERS[name].map(([b, w]) => [browserIndex.get(b)!, w] as const)))

  let n = 0
  articles.forEach((a, index) => {
    const times: number[] = []
    for (let k = 0; k < counts[index]!; k++) times.push(viewInstant(random, a.publishedAt.getTime(), now.getTime(), viral[index]!, clock))
    times.sort((x, y) => x - y)
    let previousDay = -1
    for (const time of times) {
      occurredAt[n] = time
      article[n] = index
      // A reader who opens the article again the same day keeps the day's visitor hash.
      const day = clock.localDay(time)
      visitorHash[n] = day === previousDay && random.chance(0.12) ? visitorHash[n - 1]! : Math.floor(random.next() * 2 ** 52)
      previousDay = day
      referrer[n] = (viral[index] ? viralReferrers : normalReferrers).draw(random)
      device[n] = deviceChoices.draw(random)
      browser[n] = browserChoices[device[n]!]!.draw(random)
      n++
    }
  })

  // Time order, as the rows would have arrived (and as the BRIN index on occurred_at likes them).
  const order = Array.from({ length: total }, (_, i) => i).sort((x, y) => occurredAt[x]! - occurredAt[y]!)
  const permute = <T extends Float64Array | Int32Array | Uint8Array>(values: T): T => {
    const sorted = new (values.constructor as new (length: number) => T)(total)
    order.forEach((from, to) => {
      sorted[to] = values[from]!
    })
    return sorted
  }
  return {
    count: total,
    occurredAt: permute(occurredAt),
    article: permute(article),
    visitorHash: permute(visitorHash),
    referrer: permute(referrer),
    device: permute(device),
    browser: permute(browser),
    referrers,
    devices,
    browsers,
  }
}

/**
 * When one reader opens an article: most within a day or two of publication, some over the
 * following weeks, a long tail (search) any time after; on the local daily rhythm, fewer at
 * weekends. Articles that spread do so fast.
 */
function viewInstant(random: Random, published: number, now: number, viral: boolean, clock: LocalClock): number {
  for (let attempt = 0; attempt < 50; attempt++) {
    const roll = random.next()
    const delay = viral
      ? roll < 0.85
        ? random.exponential(0.6 * DAY)
        : random.exponential(10 * DAY)
      : roll < 0.5
        ? random.exponential(1.2 * DAY)
        : roll < 0.85
          ? random.exponential(7 * DAY)
          : random.next() * (now - published)
    const approx = published + delay
    if (approx > now) continue
    const day = clock.localDay(approx)
    if (isWeekend(day) && !random.chance(WEEKEND_FACTOR)) continue
    const instant = clock.at(day, HOURS.draw(random) + random.next())
    if (instant >= published && instant <= now) return Math.floor(instant)
  }
  // Published moments ago: no room for the rhythm.
  return Math.floor(published + random.next() * (now - published))
}

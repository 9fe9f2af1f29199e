import { dayIn, type KimActivityType, type KimBudget, type KimStatus } from '@jangkau/shared'
import type { Village } from '../queries/regions.ts'
import { generateArticles } from './generate-articles.ts'
import { generateKimGroups } from './generate-kim.ts'
import { generateViews } from './generate-views.ts'
import { LocalClock } from './local-clock.ts'
import { Random } from './random.ts'

/**
 * The demo data set as plain values, computed from `now` alone (no database, no clock): the same
 * `now` and zone always give the same rows. load.ts writes it. One job per file: the articles
 * (generate-articles.ts), their page views (generate-views.ts), the KIM groups with their activities
 * (generate-kim.ts), on the local days and hours of local-clock.ts.
 */

/** The demo describes 2022 onwards; it needs a `now` after the last fixed event in it. */
export const EARLIEST_NOW = new Date('2024-01-01T00:00:00+08:00')

export interface DemoArticle {
  url: string
  hostname: string
  title: string
  categorySlug: string
  regionCode: string
  author: string
  publishedAt: Date
}

/**
 * Page views column by column (typed arrays: a quarter of a million objects would be slow and
 * large), sorted by time like real traffic. `article` is an index into `articles`; `referrer`,
 * `device` and `browser` index the lists beside them.
 */
export interface DemoViews {
  count: number
  occurredAt: Float64Array
  article: Int32Array
  /** Whole numbers below 2^52, written as bigint. */
  visitorHash: Float64Array
  referrer: Uint8Array
  device: Uint8Array
  browser: Uint8Array
  referrers: (string | null)[]
  devices: string[]
  browsers: string[]
}

export interface DemoKimActivity {
  type: KimActivityType
  title: string
  date: string
  participants: number
  contentItems: number
  articleUrl: string | null
  notes: string | null
}

export interface DemoKimGroup {
  name: string
  village: Village
  decreeNumber: string | null
  decreeDate: string | null
  formedOn: string
  /** Oldest first; the last entry is the current status. */
  history: { status: KimStatus; on: string }[]
  budget: KimBudget
  members: number
  officers: { ketua: string | null; sekretaris: string | null; bendahara: string | null }
  channels: string[]
  registrationNumber: string | null
  activities: DemoKimActivity[]
}

export interface DemoData {
  articles: DemoArticle[]
  views: DemoViews
  kimGroups: DemoKimGroup[]
}

export function generateDemoData(options: { now: Date; timeZone: string; villages: Map<string, Village> }): DemoData {
  const { now, timeZone, villages } = options
  if (now < EARLIEST_NOW) throw new Error(`demo data needs a "now" after ${EARLIEST_NOW.toISOString()}`)
  const clock = new LocalClock(timeZone)
  // Separate streams, so that changing how views are drawn does not change the articles or KIM.
  const articles = generateArticles(new Random(20220420), now, clock, villages)
  const views = generateViews(new Random(493), articles, now, clock)
  const kimGroups = generateKimGroups(new Random(2020), dayIn(now, timeZone), villages)
  return { articles, views, kimGroups }
}

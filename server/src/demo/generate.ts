import { addDays, daysBetween, dayIn, type KimActivityType, type KimBudget, type KimStatus } from '@jangkau/shared'
import type { Village } from '../queries/get-village.ts'
import {
  ACTIVITY_TEMPLATES,
  ACTIVITY_TYPES,
  BIMTEK_DUNIA_DIGITAL,
  BROWSERS,
  DEMO_CATEGORIES,
  DEMO_REGENCIES,
  DEMO_SITES,
  DEVICES,
  FAMILY_NAMES,
  FIRST_NAMES_FEMALE,
  FIRST_NAMES_MALE,
  HOURLY_WEIGHTS,
  KUTIM_2020_KIM,
  REFERRERS,
  SEED_ARTICLE,
  TITLE_TEMPLATES,
  VIRAL_REFERRERS,
  WEEKEND_FACTOR,
  type DemoRegency,
  type DemoSite,
} from './catalog.ts'
import { Random, Weighted } from './random.ts'

/**
 * The demo data set as plain values, computed from `now` alone (no database, no clock): the same
 * `now` and zone always give the same rows. load.ts writes it.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Page views of all demo articles together (the seed article's 493 included). */
export const TARGET_VIEWS = 160_000
/** Articles besides the seed article. */
export const ARTICLE_COUNT = 560
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

// ---------------------------------------------------------------------------------------------
// Local time

/**
 * Local days and hours in the report zone, for the daily and weekly rhythm. The zone's offset is
 * looked up once per day (Intl is slow); WITA has no daylight saving, other zones may be an hour
 * off on the day they switch, which a demo can live with.
 */
class LocalClock {
  private readonly offsets = new Map<number, number>()
  private readonly format: Intl.DateTimeFormat

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
  }

  /** Milliseconds the zone is ahead of UTC around the instant `ms`. */
  offset(ms: number): number {
    const key = Math.floor(ms / DAY)
    let offset = this.offsets.get(key)
    if (offset === undefined) {
      const noon = key * DAY + 12 * HOUR
      const parts = Object.fromEntries(this.format.formatToParts(new Date(noon)).map((p) => [p.type, Number(p.value)]))
      const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
      offset = local - noon
      this.offsets.set(key, offset)
    }
    return offset
  }

  /** Days since 1970-01-01 of the local calendar day the instant falls on. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offset(ms)) / DAY)
  }

  /** The local calendar year of the instant. */
  year(ms: number): number {
    return new Date(this.localDay(ms) * DAY).getUTCFullYear()
  }

  /** The instant of `hours` (fractional) after local midnight of `localDay`. */
  at(localDay: number, hours: number): number {
    const local = localDay * DAY + hours * HOUR
    return local - this.offset(local)
  }
}

/** 0 Sunday … 6 Saturday, for a local day number (1970-01-01 was a Thursday). */
const weekday = (localDay: number) => (((localDay + 4) % 7) + 7) % 7
const isWeekend = (localDay: number) => weekday(localDay) === 0 || weekday(localDay) === 6
const HOURS = new Weighted(HOURLY_WEIGHTS.map((weight, hour) => [hour, weight] as const))
/** Office hours for publishing: portals publish in the morning and early afternoon. */
const PUBLISH_HOURS = new Weighted(HOURLY_WEIGHTS.map((_, hour) => [hour, hour >= 7 && hour <= 16 ? 10 : hour >= 17 && hour <= 21 ? 2 : 0] as const))

// ---------------------------------------------------------------------------------------------
// Articles

function generateArticles(random: Random, now: Date, clock: LocalClock, villages: Map<string, Village>): DemoArticle[] {
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

function groupVillages(villages: Map<string, Village>): Map<string, Village[]> {
  const byRegency = new Map<string, Village[]>()
  // Sorted by code, so that the draw does not depend on the order the database returned them in.
  for (const village of [...villages.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const list = byRegency.get(village.regionCode) ?? []
    list.push(village)
    byRegency.set(village.regionCode, list)
  }
  return byRegency
}

function fillTitle(template: string, regency: DemoRegency, year: number, random: Random, villagesByRegency: Map<string, Village[]>): string {
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

// ---------------------------------------------------------------------------------------------
// Page views

function generateViews(random: Random, articles: DemoArticle[], now: Date, clock: LocalClock): DemoViews {
  const reachOf = new Map(DEMO_CATEGORIES.map((c) => [c.slug, c.reach]))
  const first = Math.min(...articles.map((a) => a.publishedAt.getTime()))
  const span = now.getTime() - first
  // How many views each article gets: a long tail (log-normal), more for widely read categories,
  // more as the portals grow, and a few articles that spread far (shared in chats).
  const viral = articles.map((a, i) => i > 0 && random.chance(0.03))
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
    order.forEach((from, to) => (sorted[to] = values[from]!))
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

// ---------------------------------------------------------------------------------------------
// KIM

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']
const NAME_WORDS = ['Mandiri', 'Bersatu', 'Cerdas', 'Harapan', 'Sejahtera', 'Bina Warta', 'Sehati']
const ACTIVITY_CHOICES = new Weighted(ACTIVITY_TYPES.map((t) => [t, t.weight] as const))

function generateKimGroups(random: Random, today: string, villages: Map<string, Village>): DemoKimGroup[] {
  const villagesByRegency = groupVillages(villages)
  const groups: DemoKimGroup[] = []
  for (const regency of DEMO_REGENCIES) {
    const fixed = regency.code === '64.08' ? KUTIM_2020_KIM : []
    const reserved = new Set<string>(fixed.map((k) => k.villageCode))
    const candidates = random.shuffle((villagesByRegency.get(regency.code) ?? []).filter((v) => !reserved.has(v.code)))
    for (const kim of fixed) {
      const village = villages.get(kim.villageCode)
      if (!village) throw new Error(`village ${kim.villageCode} is missing from regions`)
      const group = newGroup(random, regency, village, kim.formedOn, today, `KIM ${village.name}`)
      group.history = kim.history.map((h) => ({ ...h }))
      group.budget = kim.budget
      group.decreeNumber = decreeNumber(random, village, kim.formedOn) // every one of them has its SK
      group.activities = activitiesFor(random, group, regency, today)
      groups.push(group)
    }
    // Later groups of Kutim came after the three of 2020 (the seed article, April 2022).
    const firstYear = regency.code === '64.08' ? 2023 : regency.kimSince
    for (let i = fixed.length; i < regency.kimGroups; i++) {
      const village = candidates.pop()
      if (!village) break
      const from = `${firstYear}-01-01`
      const until = addDays(today, -90)
      const formedOn = addDays(from, random.int(0, Math.max(0, daysBetween(from, until))))
      const name = random.chance(0.2) ? `KIM ${random.pick(NAME_WORDS)} ${village.name}` : `KIM ${village.name}`
      const group = newGroup(random, regency, village, formedOn, today, name)
      group.activities = activitiesFor(random, group, regency, today)
      groups.push(group)
    }
  }
  // The Bimtek of the seed article, told by the head of IKP of Kutim.
  const singkama = groups.find((g) => g.village.code === BIMTEK_DUNIA_DIGITAL.villageCode)!
  singkama.activities.push({
    type: BIMTEK_DUNIA_DIGITAL.type,
    title: BIMTEK_DUNIA_DIGITAL.title,
    date: BIMTEK_DUNIA_DIGITAL.date,
    participants: BIMTEK_DUNIA_DIGITAL.participants,
    contentItems: BIMTEK_DUNIA_DIGITAL.contentItems,
    articleUrl: SEED_ARTICLE.url,
    notes: BIMTEK_DUNIA_DIGITAL.notes,
  })
  singkama.activities.sort((a, b) => (a.date < b.date ? -1 : 1))
  return groups
}

function newGroup(random: Random, regency: DemoRegency, village: Village, formedOn: string, today: string, name: string): DemoKimGroup {
  const history = statusHistory(random, formedOn, today)
  const status = history[history.length - 1]!.status
  const budget: KimBudget =
    status === 'aktif' ? random.weighted([['ya', 65], ['belum diketahui', 35]]) : status === 'vakum' ? random.weighted([['tidak', 85], ['belum diketahui', 15]]) : 'tidak'
  const handle = slugOf(village.name).replaceAll('-', '')
  const channels = [
    `https://www.facebook.com/kim.${handle}`,
    `https://www.instagram.com/kim_${handle}`,
    `https://www.youtube.com/@kim${handle}`,
  ].slice(0, random.weighted([[0, 1], [1, 4], [2, 3], [3, 2]]))
  return {
    name,
    village,
    decreeNumber: random.chance(0.85) ? decreeNumber(random, village, formedOn) : null,
    decreeDate: formedOn,
    formedOn,
    history,
    budget,
    members: random.int(5, regency.code === '64.02' ? 35 : 25),
    officers: { ketua: personName(random), sekretaris: personName(random), bendahara: random.chance(0.9) ? personName(random) : null },
    channels,
    registrationNumber: random.chance(0.6) ? `KIM-${regency.code.replace('.', '')}-${String(random.int(1, 999)).padStart(3, '0')}` : null,
    activities: [],
  }
}

/** Active from formation; some fall dormant (no budget), of which some recover and a few disband. */
function statusHistory(random: Random, formedOn: string, today: string): { status: KimStatus; on: string }[] {
  const history: { status: KimStatus; on: string }[] = [{ status: 'aktif', on: formedOn }]
  const room = daysBetween(addDays(formedOn, 180), addDays(today, -30))
  if (room <= 0 || !random.chance(0.3)) return history
  const dormant = addDays(formedOn, 180 + random.int(0, room))
  history.push({ status: 'vakum', on: dormant })
  const roll = random.next()
  if (roll < 0.45) {
    const back = addDays(dormant, random.int(120, 500))
    if (back <= addDays(today, -7)) history.push({ status: 'aktif', on: back })
  } else if (roll < 0.6) {
    const end = addDays(dormant, random.int(200, 600))
    if (end <= today) history.push({ status: 'bubar', on: end })
  }
  return history
}

/** Activities on days the group was active: a lively group holds many a year, a quiet one few. */
function activitiesFor(random: Random, group: DemoKimGroup, regency: DemoRegency, today: string): DemoKimActivity[] {
  const perYear = random.int(2, 9)
  const activities: DemoKimActivity[] = []
  group.history.forEach((entry, i) => {
    if (entry.status !== 'aktif') return
    const next = group.history[i + 1]
    const last = next ? addDays(next.on, -1) : today
    const days = daysBetween(entry.on, last)
    if (days < 0) return
    const count = Math.round((perYear * days) / 365)
    for (let k = 0; k < count; k++) {
      const date = addDays(entry.on, random.int(0, days))
      const kind = ACTIVITY_CHOICES.draw(random)
      const title = random
        .pick(ACTIVITY_TEMPLATES[kind.type])
        .replaceAll('{short}', regency.short)
        .replaceAll('{year}', date.slice(0, 4))
      activities.push({
        type: kind.type,
        title,
        date,
        participants: random.int(...kind.participants),
        contentItems: random.int(...kind.content),
        articleUrl: null,
        notes: null,
      })
    }
  })
  return activities.sort((a, b) => (a.date < b.date ? -1 : 1))
}

/** "07/SK/KADES-TS/IX/2020": number, decree of the village head (lurah for a kelurahan), month, year. */
function decreeNumber(random: Random, village: Village, day: string): string {
  // Kemendagri village codes: 1xxx is a kelurahan, 2xxx a desa.
  const issuer = village.code.split('.')[3]?.startsWith('1') ? 'LURAH' : 'KADES'
  const initials = village.name
    .split(/\s+/)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('')
  return `${String(random.int(1, 60)).padStart(2, '0')}/SK/${issuer}-${initials}/${ROMAN_MONTHS[Number(day.slice(5, 7)) - 1]}/${day.slice(0, 4)}`
}

function personName(random: Random): string {
  const first = random.chance(0.5) ? random.pick(FIRST_NAMES_MALE) : random.pick(FIRST_NAMES_FEMALE)
  return `${first} ${random.pick(FAMILY_NAMES)}`
}

/**
 * The page views the ingest benchmark sends: what the tracker (t.js) sends from ten Kaltim portals,
 * 1,000 article URLs read with a skew (a few popular articles, a long tail), about 200 distinct
 * browsers and a reader IP per request variant. Deterministic (seeded), so every run sends the same mix.
 */

/** The portals, as SITES configures them (hostname=Name=region). */
export const PORTALS = [
  { host: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim', region: '64' },
  { host: 'kukarkab.go.id', name: 'Kutai Kartanegara', region: '64.02' },
  { host: 'samarindakota.go.id', name: 'Samarinda', region: '64.72' },
  { host: 'balikpapan.go.id', name: 'Balikpapan', region: '64.71' },
  { host: 'bontangkota.go.id', name: 'Bontang', region: '64.74' },
  { host: 'beraukab.go.id', name: 'Berau', region: '64.03' },
  { host: 'kutaitimurkab.go.id', name: 'Kutai Timur', region: '64.08' },
  { host: 'paserkab.go.id', name: 'Paser', region: '64.01' },
  { host: 'penajampaserutarakab.go.id', name: 'PPU', region: '64.09' },
  { host: 'kutaibaratkab.go.id', name: 'Kutai Barat', region: '64.07' },
]

export const SITES_ENV = PORTALS.map((p) => `${p.host}=${p.name}=${p.region}`).join(',')

const ARTICLES = 1000
const VARIANTS = 4096

/**
 * About 200 distinct user agents, shaped like a Kaltim portal's readers (mostly Android phones,
 * then iPhones, then desktops): real templates with varied device models and browser builds.
 */
const ANDROID_MODELS = [
  'SM-A145F',
  'SM-A055F',
  'SM-A155F',
  'Redmi Note 11',
  'Redmi Note 12',
  '23053RN02A',
  'vivo 1906',
  'V2207',
  'CPH2591',
  'CPH2477',
  'RMX3710',
  'Infinix X6831',
  'TECNO KI5q',
  'M2006C3MG',
]
const CHROME_BUILDS = [
  '131.0.6778.81',
  '131.0.6778.39',
  '130.0.6723.107',
  '129.0.6668.100',
  '128.0.6613.146',
  '127.0.6533.103',
  '126.0.6478.122',
  '124.0.6367.179',
  '120.0.6099.230',
  '116.0.5845.163',
]
const IOS_VERSIONS = ['16_7', '17_5', '17_6', '18_0', '18_1', '18_2']
const USER_AGENTS = [
  ...ANDROID_MODELS.flatMap((model, m) =>
    CHROME_BUILDS.map(
      (build, b) =>
        `Mozilla/5.0 (Linux; Android ${10 + ((m + b) % 5)}; ${model}) AppleWebKit/537.36 ` +
        `(KHTML, like Gecko) Chrome/${build} Mobile Safari/537.36`,
    ),
  ),
  ...ANDROID_MODELS.map(
    (model) =>
      `Mozilla/5.0 (Linux; Android 13; ${model}) AppleWebKit/537.36 ` +
      `(KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36`,
  ),
  ...IOS_VERSIONS.flatMap((v) => [
    `Mozilla/5.0 (iPhone; CPU iPhone OS ${v} like Mac OS X) AppleWebKit/605.1.15 ` +
      `(KHTML, like Gecko) Version/${v.split('_')[0]}.${v.split('_')[1]} Mobile/15E148 Safari/604.1`,
    `Mozilla/5.0 (iPad; CPU OS ${v} like Mac OS X) AppleWebKit/605.1.15 ` +
      `(KHTML, like Gecko) Version/${v.split('_')[0]}.${v.split('_')[1]} Mobile/15E148 Safari/604.1`,
  ]),
  ...CHROME_BUILDS.flatMap((build) => [
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${build} Safari/537.36`,
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${build} ` +
      `Safari/537.36 Edg/${build.split('.')[0]}.0.0.0`,
  ]),
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
]
const SCREENS = ['393x873', '360x800', '412x915', '390x844', '1920x1080', '1366x768', '1536x864', '800x1280']
const CATEGORIES = ['Pemerintahan', 'Ekonomi', 'Kesehatan', 'Pendidikan', 'Infrastruktur', 'KIM', 'Pariwisata', 'Olahraga']
const AUTHORS = ['Nichita Heryananda Putri', 'Rizal Fahmi', 'Sri Wahyuni', 'Andi Muhammad Yusuf', 'Dewi Lestari', 'Humas']
const TOPICS = ['gubernur-tinjau-jalan', 'kim-gelar-sosialisasi', 'vaksinasi-anak', 'pelatihan-umkm', 'banjir-mereda', 'festival-budaya']
const REFERRERS = [
  'https://www.google.com/',
  'https://www.google.co.id/',
  'https://m.facebook.com/',
  'https://t.co/x',
  'https://www.instagram.com/',
]

/** mulberry32: a small seeded PRNG, so the mix is the same on every run. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface CollectRequest {
  method: 'POST'
  path: '/api/collect'
  headers: Record<string, string>
  body: string
}

/** `VARIANTS` different requests; the benchmark sends them in turn. */
export function buildWorkload(): CollectRequest[] {
  const random = prng(2026)
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!
  const articles = Array.from({ length: ARTICLES }, (_, i) => {
    const portal = PORTALS[i % PORTALS.length]!
    const month = String(1 + (i % 12)).padStart(2, '0')
    return {
      portal,
      url: `https://${portal.host}/berita/2026/${month}/${pick(TOPICS)}-${i}`,
      title: `Berita ${i}: ${pick(TOPICS).replaceAll('-', ' ')} | ${portal.name}`,
      meta: {
        category: pick(CATEGORIES),
        // Most portals leave region to the site's default; some name the regency they write about.
        region: random() < 0.3 ? portal.region : undefined,
        author: pick(AUTHORS),
        published: `2026-${month}-${String(1 + (i % 28)).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00+08:00`,
      },
    }
  })
  return Array.from({ length: VARIANTS }, () => {
    // Skewed popularity: random()^3 puts most reads on the first articles.
    const article = articles[Math.floor(random() ** 3 * ARTICLES)]!
    const r = random()
    const referrer = r < 0.45 ? pick(REFERRERS) : r < 0.6 ? `https://${article.portal.host}/` : undefined
    const url = random() < 0.1 ? `${article.url}?utm_source=facebook&fbclid=IwAR${Math.floor(random() * 1e9)}` : article.url
    const body = JSON.stringify({ url, referrer, title: article.title, lang: 'id-ID', screen: pick(SCREENS), meta: article.meta })
    const ip =
      `${pick([36, 103, 114, 180, 182])}.${Math.floor(random() * 256)}.` + `${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`
    return {
      method: 'POST',
      path: '/api/collect',
      // What navigator.sendBeacon sends; X-Forwarded-For as the reverse proxy adds it (TRUST_PROXY=1).
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'user-agent': pick(USER_AGENTS),
        'x-forwarded-for': ip,
        origin: `https://${article.portal.host}`,
        'accept-language': 'id-ID,id;q=0.9,en;q=0.8',
      },
      body,
    }
  })
}

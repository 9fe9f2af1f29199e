import { Type, type Static } from 'typebox'
import { REGION_CODE_PATTERN } from '../vocab/index.ts'

/** What a page view may say about its article (the tracker's data-* attributes, Plausible's props). */
export const CollectMeta = Type.Object(
  {
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    published: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
)

/**
 * What the tracker (t.js) sends to POST /api/collect. Validated here once; the server rejects
 * anything else with 400. Lengths are bounded so that a hostile client cannot bloat the tables.
 */
export const CollectEvent = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2048 }),
    referrer: Type.Optional(Type.String({ maxLength: 2048 })),
    title: Type.Optional(Type.String({ maxLength: 500 })),
    lang: Type.Optional(Type.String({ maxLength: 35 })),
    screen: Type.Optional(Type.String({ pattern: '^\\d{1,5}x\\d{1,5}$' })),
    meta: Type.Optional(CollectMeta),
  },
  { additionalProperties: false },
)
export type CollectEvent = Static<typeof CollectEvent>

/**
 * Plausible's event body, accepted at POST /api/event so that portals running Plausible's script can
 * switch by changing only its endpoint. The official scripts send short names (`n`, `u`, `d`, `r`,
 * `p`, `h`, `i`), the Events API documents long ones; both are accepted, and fields Jangkau does not
 * use (`v`, `e`, `sd`, `$`, revenue, ...) are ignored. Name and url are both optional here so that
 * a body lacking them gets its own coded 400 from the route; props are read by the pipeline.
 */
const eventName = Type.String({ minLength: 1, maxLength: 120 })
const eventUrl = Type.String({ maxLength: 2048 })
const eventDomain = Type.String({ maxLength: 1000, description: 'the site, or a comma-separated list of sites' })
const eventReferrer = Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])
const eventProps = Type.Unknown({ description: 'an object, or the same as a JSON string (older plausible.js)' })
const eventFlag = (description: string) => Type.Unknown({ description })
export const PlausibleEvent = Type.Object({
  n: Type.Optional(eventName),
  name: Type.Optional(eventName),
  u: Type.Optional(eventUrl),
  url: Type.Optional(eventUrl),
  d: Type.Optional(eventDomain),
  domain: Type.Optional(eventDomain),
  r: Type.Optional(eventReferrer),
  referrer: Type.Optional(eventReferrer),
  p: Type.Optional(eventProps),
  props: Type.Optional(eventProps),
  h: Type.Optional(eventFlag('1: hash-based routing, the fragment names the page')),
  hashMode: Type.Optional(eventFlag('the same as h')),
  i: Type.Optional(eventFlag('false: not interactive (not used)')),
  interactive: Type.Optional(eventFlag('the same as i')),
})
export type PlausibleEvent = Static<typeof PlausibleEvent>

export const CounterQuery = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 2048 }),
  hash: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1, description: '1: the fragment names the page (hash-routed pages, Plausible h=1)' }),
  ),
})
export const CounterAnswer = Type.Object({ url: Type.String(), views: Type.Integer() })
export type CounterAnswer = Static<typeof CounterAnswer>

export const HealthAnswer = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
})

import { Type, type Static } from 'typebox'
import { REGION_CODE_PATTERN } from '../region-code.ts'

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
    meta: Type.Optional(
      Type.Object(
        {
          category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
          author: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          published: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type CollectEvent = Static<typeof CollectEvent>

/** Plausible's event body, accepted at POST /api/event so that portals running Plausible's script can switch. */
export const PlausibleEvent = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  url: Type.String({ minLength: 8, maxLength: 2048 }),
  domain: Type.Optional(Type.String({ maxLength: 255 })),
  referrer: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  props: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
export type PlausibleEvent = Static<typeof PlausibleEvent>

export const CounterQuery = Type.Object({ url: Type.String({ minLength: 8, maxLength: 2048 }) })
export const CounterAnswer = Type.Object({ url: Type.String(), views: Type.Integer() })
export type CounterAnswer = Static<typeof CounterAnswer>

export const HealthAnswer = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
})

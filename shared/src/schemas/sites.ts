import { Type, type Static } from 'typebox'
import { HOSTNAME_PATTERN, REGION_CODE_PATTERN } from '../vocab/index.ts'

// The measured portals (Admin → Situs). Dates are ISO 8601 strings (UTC); ids are integers.

export const Site = Type.Object({
  id: Type.Integer(),
  hostname: Type.String(),
  name: Type.String(),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  /** Created by ingest while no site was configured; false once an admin created or edited it. */
  autoCreated: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  /** The portal's own RSS 2.0, Atom or sitemap, read every hour to confirm article titles; null = none. */
  feedUrl: Type.Union([Type.String(), Type.Null()]),
  /** The last feed sync: when it ran (null = never), its error (null = it worked), articles read. */
  feedSync: Type.Object({
    at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    items: Type.Union([Type.Integer(), Type.Null()]),
  }),
})
export type Site = Static<typeof Site>

export const SiteList = Type.Object({ items: Type.Array(Site), total: Type.Integer() })
export type SiteList = Static<typeof SiteList>

const SiteFields = {
  /** Lower-case host name without scheme or port ("diskominfo.kaltimprov.go.id"). */
  hostname: Type.String({ pattern: HOSTNAME_PATTERN, maxLength: 253 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** Province or regency the portal belongs to ("64", "64.08"), or null. */
  regionCode: Type.Union([Type.String({ pattern: REGION_CODE_PATTERN }), Type.Null()]),
  /** http(s) address of the portal's feed; only on the site's host or a subdomain of it (else 400 `invalid_feed_url`). */
  feedUrl: Type.Union([Type.String({ minLength: 1, maxLength: 2048 }), Type.Null()]),
}
export const CreateSiteBody = Type.Object(
  {
    hostname: SiteFields.hostname,
    name: SiteFields.name,
    regionCode: Type.Optional(SiteFields.regionCode),
    feedUrl: Type.Optional(SiteFields.feedUrl),
  },
  { additionalProperties: false },
)
export type CreateSiteBody = Static<typeof CreateSiteBody>
export const UpdateSiteBody = Type.Object(
  {
    hostname: Type.Optional(SiteFields.hostname),
    name: Type.Optional(SiteFields.name),
    regionCode: Type.Optional(SiteFields.regionCode),
    feedUrl: Type.Optional(SiteFields.feedUrl),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateSiteBody = Static<typeof UpdateSiteBody>

import { Type, type Static } from 'typebox'
import { SLUG_PATTERN } from '../vocab/index.ts'

// The category catalogue (Admin → Kategori): categories, the names portals sent that no admin
// mapped yet, and adopting or mapping them.

/**
 * `mapped` false: created by ingest from a category text a portal sent that no category had yet;
 * counted and shown under its own name, marked "belum dipetakan", until an admin adopts it or maps
 * it onto a category.
 */
export const Category = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), mapped: Type.Boolean() })
export type Category = Static<typeof Category>

export const CategoryList = Type.Object({ items: Type.Array(Category), total: Type.Integer() })
export type CategoryList = Static<typeof CategoryList>

export const CreateCategoryBody = Type.Object(
  { slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }), name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)
export type CreateCategoryBody = Static<typeof CreateCategoryBody>
export const UpdateCategoryBody = Type.Object(
  {
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>

/** An unmapped category for Admin → Kategori, with what it holds (views: the articles' counted views). */
export const UnmappedCategory = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  /** The texts its articles arrived with ("Pemerintahan", "pemerintahan"), at most 10. */
  variants: Type.Array(Type.String()),
  articles: Type.Integer(),
  views: Type.Integer(),
})
export type UnmappedCategory = Static<typeof UnmappedCategory>
export const UnmappedCategoryList = Type.Object({ items: Type.Array(UnmappedCategory), total: Type.Integer() })
export type UnmappedCategoryList = Static<typeof UnmappedCategoryList>

/** POST /api/categories/:id/adopt: keeps the unmapped category as a category, optionally renamed. */
export const AdoptCategoryBody = Type.Object(
  {
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
)
export type AdoptCategoryBody = Static<typeof AdoptCategoryBody>

/** POST /api/categories/:id/map: moves the unmapped category's articles and texts onto `targetId`. */
export const MapCategoryBody = Type.Object(
  { targetId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
  { additionalProperties: false },
)
export type MapCategoryBody = Static<typeof MapCategoryBody>
export const MapCategoryAnswer = Type.Object({ target: Category, articles: Type.Integer(), views: Type.Integer() })
export type MapCategoryAnswer = Static<typeof MapCategoryAnswer>

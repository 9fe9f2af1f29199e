import { Type, type Static } from 'typebox'

// The parameters every list and every item route shares.

/** limit/offset of every list; lists answer `{"items": [...], "total": N}`. */
export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
)
export type ListQuery = Static<typeof ListQuery>

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
export type IdParams = Static<typeof IdParams>

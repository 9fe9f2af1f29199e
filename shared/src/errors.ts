import { Type, type Static } from 'typebox'

/** The one error shape every 4xx/5xx answer of the API uses. `code` is stable; `message` is for people. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Unknown())),
  }),
})
export type ErrorBody = Static<typeof ErrorBody>

// SQLSTATE codes that routes answer with a declared 409 (routes/audited-write.ts); the same on Postgres and PGlite.
const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code

/** A unique constraint refused the row (e.g. an email or hostname that exists). */
export const isUniqueViolation = (error: unknown) => codeOf(error) === '23505'

/** A foreign key refused the change (e.g. deleting a site that articles still point to). */
export const isForeignKeyViolation = (error: unknown) => codeOf(error) === '23503'

import type { FastifyInstance } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { decodeCsv } from './read-csv.ts'

/** Content types that mean "a CSV file" (browsers and curl send either). */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv']

/**
 * Lets the routes of this plugin take CSV bodies: the body arrives as a string, decoded as strict
 * UTF-8 (a BOM is dropped; other encodings are refused with 400 `invalid_encoding`). The size
 * limit is each route's bodyLimit.
 */
export function acceptCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser(CSV_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeCsv(body as Buffer))
    } catch (error) {
      done(error as Error, undefined)
    }
  })
}

/** True when the request declared a CSV body. */
export function isCsvRequest(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return CSV_CONTENT_TYPES.includes(type)
}

/**
 * A route validator by TypeBox itself, without the app's type coercion. For bodies that are either
 * CSV text or a JSON array: with coercion, Ajv would unwrap a one-element array into a string (and
 * back), so a JSON upload of one row could fail or be read as CSV. Errors keep Ajv's shape, so the
 * app's error handler answers 400 `invalid_request` as for any other schema error.
 */
export function validateWithoutCoercion({ schema }: { schema: TSchema }) {
  const validator = Compile(schema)
  return (data: unknown) => {
    if (validator.Check(data)) return { value: data }
    const errors = [...validator.Errors(data)].filter((e) => e.keyword !== 'anyOf')
    // For a union, the errors of the branch that got deepest into the data say what is wrong.
    const depth = Math.max(...errors.map((e) => e.instancePath.length))
    return { error: errors.filter((e) => e.instancePath.length === depth) }
  }
}

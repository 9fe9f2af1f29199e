import fc from 'fast-check'

/** The part of JSON Schema (as TypeBox and @fastify/swagger emit it) the fuzzer understands. */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

/** Strings that have broken servers: SQL, markup, control and odd Unicode, paths, huge and empty. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1",
    "'; drop table users; --",
    '1; select pg_sleep(5)',
    '"><script>alert(1)</script>',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\u202E\u0644\u0627',
    '../../../../etc/passwd',
    '%00',
    '%',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literal on purpose
    '${7*7}',
    '{{7*7}}',
    '__proto__',
    'constructor',
    'NaN',
    'Infinity',
    '-0',
    '1e400',
    '99999999999999999999999',
    '-2147483649',
    '2147483648',
    '64.99',
    '2026-02-30',
    '0000-00-00',
    '9999-12-31T23:59:59Z',
    'javascript:alert(1)',
    'http://',
    'https://[::1',
    'https://xn--ls8h.la/',
    ' ',
    '',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
)

/** Any JSON value, with hostile strings and keys like __proto__. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value

const bounded = (min: number | undefined, max: number | undefined, fallbackMax: number) => ({
  min: min ?? 0,
  max: Math.max(min ?? 0, Math.min(max ?? fallbackMax, (min ?? 0) + fallbackMax)),
})

/**
 * Values that match `schema` (mostly): the fuzzer starts from valid requests so that it gets past
 * validation into the handlers and the database, then breaks them (see `nearlyValid`).
 */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return hostileJson
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)))
  if (schema.allOf?.length) return fromSchema(Object.assign({}, ...schema.allOf) as JsonSchema, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'string':
      return stringFor(schema)
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000)
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 100_000)
      return fc.integer({ min, max: Math.max(min, max) })
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const { min, max } = bounded(schema.minItems, schema.maxItems, 4)
      return fc.array(fromSchema(schema.items, depth + 1), { minLength: min, maxLength: max })
    }
    case 'object': {
      const properties = schema.properties ?? {}
      const keys = Object.keys(properties)
      if (keys.length === 0) return fc.constant({})
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const key of keys) record[key] = fromSchema(properties[key], depth + 1)
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => keys.includes(k)) })
    }
    default:
      return hostileJson
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const { min, max } = bounded(schema.minLength, schema.maxLength, 30)
  const fit = (a: fc.Arbitrary<string>) => a.filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity))
  switch (schema.format) {
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString())
    case 'email':
      return fit(fc.emailAddress())
    case 'uri':
      return fit(fc.webUrl())
  }
  if (schema.pattern) {
    try {
      return fit(fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, schema.maxLength ?? 200)))
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain strings.
    }
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.webUrl().filter((s) => s.length >= min && s.length <= max),
  )
}

/** A valid value with one thing broken: a field dropped, replaced by something hostile, or added. */
export function nearlyValid(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc
    .tuple(fromSchema(schema), fc.nat(), hostileJson, fc.constantFrom('drop', 'replace', 'add'))
    .map(([value, pick, hostile, how]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return hostile
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
      const keys = Object.keys(copy)
      const key = keys.length ? keys[pick % keys.length]! : 'extra'
      if (how === 'drop') delete copy[key]
      else if (how === 'replace') copy[key] = hostile
      else copy[`x${pick % 7}`] = hostile
      return copy
    })
}

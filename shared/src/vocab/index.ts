/*
 * @jangkau/shared/vocab: the vocabulary of Jangkau without TypeBox, so the browser can import it at
 * runtime. Metrics and what each family supports, the KIM lists and limits, the patterns of what
 * people type, calendar days and Kemendagri region codes. Nothing here may import `typebox` or a
 * schema: the dashboard's bundle would carry the schemas.
 */
export * from './metrics.ts'
export * from './kim.ts'
export * from './patterns.ts'
export * from './calendar-day.ts'
export * from './region-code.ts'

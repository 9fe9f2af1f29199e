/**
 * An instant as people write it in a catalogue upload: ISO 8601 with an offset ("…T08:26:00+08:00",
 * "…Z") is taken as is; a local time without offset ("2022-04-20 08:26", "2022-04-20") is read in
 * `timeZone` (the report zone, WITA). Null when it is not such a date or time.
 */
export function parseInstant(text: string, timeZone: string): Date | null {
  const value = text.trim()
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const t = Date.parse(value)
    return Number.isNaN(t) ? null : new Date(t)
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)
  if (!m) return null
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((p) => (p === undefined ? undefined : Number(p))) as number[]
  const asUtc = Date.UTC(y!, mo! - 1, d!, h, mi, s)
  const check = new Date(asUtc)
  // Refuse 2022-02-30 or 25:00 instead of letting Date roll them over.
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  // Local → UTC: subtract the zone's offset at that moment (checked again across a DST change).
  let t = asUtc - offsetMs(asUtc, timeZone)
  const again = asUtc - offsetMs(t, timeZone)
  if (again !== t) t = again
  return new Date(t)
}

/** The offset (local − UTC, ms) of `timeZone` at instant `t`. */
function offsetMs(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return local - Math.floor(t / 1000) * 1000
}

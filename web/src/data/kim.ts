import type { KimActivityType, KimBudget, KimImportKind, KimStatus } from '@jangkau/shared'

// The KIM vocabularies, repeated here instead of imported at runtime: importing values from
// @jangkau/shared would pull its TypeBox schemas into the browser bundle. The `satisfies` and the
// exhaustiveness checks below make the compiler fail if shared ever adds or renames a value.

export const KIM_STATUSES = ['aktif', 'vakum', 'bubar'] as const satisfies readonly KimStatus[]
export const KIM_BUDGETS = ['ya', 'tidak', 'belum diketahui'] as const satisfies readonly KimBudget[]
export const KIM_ACTIVITY_TYPES = [
  'sosialisasi',
  'bimtek',
  'pelatihan',
  'produksi_konten',
  'rapat_koordinasi',
  'pembinaan',
  'monev',
  'lomba',
  'lainnya',
] as const satisfies readonly KimActivityType[]
export const KIM_IMPORT_KINDS = ['groups', 'activities'] as const satisfies readonly KimImportKind[]

type Missing<All, Listed> = Exclude<All, Listed>
const allStatuses: Missing<KimStatus, (typeof KIM_STATUSES)[number]> extends never ? true : false = true
const allBudgets: Missing<KimBudget, (typeof KIM_BUDGETS)[number]> extends never ? true : false = true
const allTypes: Missing<KimActivityType, (typeof KIM_ACTIVITY_TYPES)[number]> extends never ? true : false = true
void [allStatuses, allBudgets, allTypes]

/** Same as shared's KIM_LIMITS.dormantDays (a group quiet this long is a "vakum" candidate). */
export const DORMANT_DAYS = 90

/** Village code "64.08.12.2004" (Kemendagri). */
export const VILLAGE_CODE_PATTERN = /^64\.\d{2}\.\d{2}\.\d{4}$/

/** Days since `day` ("YYYY-MM-DD") up to `today`, or null without a day. */
export function daysSince(day: string | null, today: string): number | null {
  if (!day) return null
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000)
}

/** A fresh Idempotency-Key for one activity form (crypto.randomUUID where the browser has it). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID()
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/** One entry of a group's timeline: a status change or an activity, on a WITA calendar day. */
export type TimelineEntry =
  | { kind: 'status'; date: string; status: KimStatus }
  | { kind: 'activity'; date: string; id: number; type: KimActivityType; title: string; participants: number; contentItems: number }

/**
 * A group's history as one list, newest first: its status changes and its activities together, so
 * "went vakum in March after no activity since November" can be read off at a glance. On the same
 * day the status change is listed above that day's activities (it concludes the day), and later
 * recorded activities above earlier ones.
 */
export function groupTimeline(
  statusHistory: readonly { status: KimStatus; changedOn: string }[],
  activities: readonly { id: number; type: KimActivityType; title: string; date: string; participants: number; contentItems: number }[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...statusHistory.map((s) => ({ kind: 'status' as const, date: s.changedOn, status: s.status })),
    ...activities.map((a) => ({ kind: 'activity' as const, date: a.date, id: a.id, type: a.type, title: a.title, participants: a.participants, contentItems: a.contentItems })),
  ]
  const rank = (e: TimelineEntry) => (e.kind === 'status' ? 0 : 1)
  const idOf = (e: TimelineEntry) => (e.kind === 'activity' ? e.id : 0)
  return entries.sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? 1 : -1
    return rank(a) - rank(b) || idOf(b) - idOf(a)
  })
}

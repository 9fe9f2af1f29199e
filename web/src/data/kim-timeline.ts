import type { KimActivityType, KimStatus } from '@jangkau/shared'
import { type FilledPoint, gapFill } from './series.ts'

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
    ...activities.map((a) => ({
      kind: 'activity' as const,
      date: a.date,
      id: a.id,
      type: a.type,
      title: a.title,
      participants: a.participants,
      contentItems: a.contentItems,
    })),
  ]
  const rank = (e: TimelineEntry) => (e.kind === 'status' ? 0 : 1)
  const idOf = (e: TimelineEntry) => (e.kind === 'activity' ? e.id : 0)
  return entries.sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? 1 : -1
    return rank(a) - rank(b) || idOf(b) - idOf(a)
  })
}

/**
 * A group's activities and participants per WITA calendar month, from the month of `from` to the
 * month of `to` (both "YYYY-MM-DD"), months without activity as 0: the group's rhythm for a chart.
 */
export function activitiesByMonth(activities: readonly { date: string; participants: number }[], from: string, to: string): FilledPoint[] {
  const points = activities.map((a) => ({ date: a.date, activities: 1, participants: a.participants }))
  return gapFill(points, { from, to, granularity: 'month', metrics: ['activities', 'participants'] })
}

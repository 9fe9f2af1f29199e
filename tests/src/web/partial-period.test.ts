import { describe, expect, it } from 'vitest'
import { activitiesByMonth } from '../../../web/src/data/kim-timeline.ts'
import { offeredMonths } from '../../../web/src/data/report-months.ts'
import { gapFill, isPartialBucket, partialKey, runningBucket, splitPartial } from '../../../web/src/data/series.ts'

// The running day, week or month of a chart is still counting: it is found in WITA and drawn apart.

describe('runningBucket: the bucket that contains now, in WITA', () => {
  it('is the WITA day, week and month, not the UTC ones', () => {
    // 16:30 UTC on Sunday 31 May 2026 is 00:30 WITA on Monday 1 June.
    const now = new Date('2026-05-31T16:30:00Z')
    expect(runningBucket('day', now)).toBe('2026-06-01')
    expect(runningBucket('week', now)).toBe('2026-06-01') // a new week, keyed by its Monday
    expect(runningBucket('month', now)).toBe('2026-06')
    expect(runningBucket('hour', now)).toBe('2026-06-01T00')
    // Half an hour earlier it is still Sunday, May and the week of Monday 25 May in WITA.
    const before = new Date('2026-05-31T15:59:00Z')
    expect([runningBucket('day', before), runningBucket('week', before), runningBucket('month', before)]).toEqual([
      '2026-05-31',
      '2026-05-25',
      '2026-05',
    ])
    // The same instant in UTC is another day.
    expect(runningBucket('day', now, 'UTC')).toBe('2026-05-31')
  })
})

describe('splitPartial', () => {
  const metrics = ['views', 'visitors']
  const days = gapFill(
    [
      { date: '2026-11-28', views: 40, visitors: 30 },
      { date: '2026-11-29', views: 50, visitors: 35 },
      { date: '2026-11-30', views: 6, visitors: 5 },
    ],
    { from: '2026-11-28', to: '2026-11-30', granularity: 'day', metrics },
  )

  it('ends the solid line at the last finished day and draws the running day on its own line from there', () => {
    const running = runningBucket('day', new Date('2026-11-30T01:00:00Z')) // 09:00 WITA on the 30th
    expect(splitPartial(days, metrics, running)).toEqual([
      { date: '2026-11-28', views: 40, visitors: 30, [partialKey('views')]: null, [partialKey('visitors')]: null },
      { date: '2026-11-29', views: 50, visitors: 35, [partialKey('views')]: 50, [partialKey('visitors')]: 35 },
      { date: '2026-11-30', views: null, visitors: null, [partialKey('views')]: 6, [partialKey('visitors')]: 5 },
    ])
  })

  it('leaves a series of finished buckets as it is', () => {
    expect(splitPartial(days, metrics, '2026-12-01')).toEqual(days)
  })

  it('draws nothing for buckets that have not begun (the rest of a running month)', () => {
    const month = gapFill([{ date: '2026-12-01', views: 9 }], {
      from: '2026-12-01',
      to: '2026-12-03',
      granularity: 'day',
      metrics: ['views'],
    })
    expect(splitPartial(month, ['views'], '2026-12-02')).toEqual([
      { date: '2026-12-01', views: 9, [partialKey('views')]: 9 },
      { date: '2026-12-02', views: null, [partialKey('views')]: 0 },
      { date: '2026-12-03', views: null, [partialKey('views')]: null },
    ])
  })

  it('works on weeks and months alike (the interval decides the bucket)', () => {
    const now = new Date('2026-12-02T04:00:00Z') // Wednesday 2 December, 12:00 WITA
    const weeks = gapFill([], { from: '2026-11-16', to: '2026-12-02', granularity: 'week', metrics: ['views'] })
    expect(splitPartial(weeks, ['views'], runningBucket('week', now)).map((p) => p.views)).toEqual([0, 0, null])
    const months = gapFill([{ date: '2026-12', views: 3 }], {
      from: '2026-10-01',
      to: '2026-12-02',
      granularity: 'month',
      metrics: ['views'],
    })
    const split = splitPartial(months, ['views'], runningBucket('month', now))
    expect(split.map((p) => [p.date, p.views, p[partialKey('views')]])).toEqual([
      ['2026-10', 0, null],
      ['2026-11', 0, 0],
      ['2026-12', null, 3],
    ])
  })

  it('draws a range that is all running period as the partial line alone', () => {
    const today = gapFill([{ date: '2026-12-02', views: 4 }], {
      from: '2026-12-02',
      to: '2026-12-02',
      granularity: 'day',
      metrics: ['views'],
    })
    expect(splitPartial(today, ['views'], '2026-12-02')).toEqual([{ date: '2026-12-02', views: null, [partialKey('views')]: 4 }])
  })

  it('tells a partial bucket from a finished one', () => {
    expect(isPartialBucket('2026-12', '2026-12')).toBe(true)
    expect(isPartialBucket('2026-11', '2026-12')).toBe(false)
    expect(isPartialBucket('2026-12-03', '2026-12-02')).toBe(true)
  })
})

describe('offeredMonths: the report month picker', () => {
  it('reaches back to the first month with data, newest first', () => {
    const months = offeredMonths({ first: '2022-04', current: '2026-12' })
    expect(months[0]).toBe('2026-12')
    expect(months.at(-1)).toBe('2022-04')
    expect(months).toHaveLength(4 * 12 + 9) // Apr 2022 … Dec 2026
    expect(months).toContain('2023-01')
  })

  it('offers the running and the last full month without data', () => {
    expect(offeredMonths({ first: null, current: '2027-01' })).toEqual(['2027-01', '2026-12'])
    expect(offeredMonths({ first: '2027-01', current: '2027-01' })).toEqual(['2027-01', '2026-12'])
  })
})

describe("activitiesByMonth: a KIM group's rhythm", () => {
  it('counts activities and participants per month, zeros between, the running month last', () => {
    const activities = [
      { date: '2026-09-03', participants: 12 },
      { date: '2026-09-30', participants: 8 },
      { date: '2026-12-01', participants: 20 },
    ]
    const months = activitiesByMonth(activities, '2026-09-01', '2026-12-02')
    expect(months).toEqual([
      { date: '2026-09', activities: 2, participants: 20 },
      { date: '2026-10', activities: 0, participants: 0 },
      { date: '2026-11', activities: 0, participants: 0 },
      { date: '2026-12', activities: 1, participants: 20 },
    ])
    const split = splitPartial(months, ['activities'], runningBucket('month', new Date('2026-12-02T04:00:00Z')))
    expect(split.at(-1)).toMatchObject({ activities: null, [partialKey('activities')]: 1 })
  })
})

import { describe, expect, it } from 'vitest'
import { changePercent, pivotComparison, pivotSeries, shareOf } from '../../../web/src/data/compare.ts'
import { mergeRegionRows } from '../../../web/src/data/region-table.ts'
import { ignoredFilters, mergeBreakdownRows, mergeSummaries, planByFamily } from '../../../web/src/data/stats-plan.ts'

describe('pivotSeries', () => {
  it('puts several regencies side by side per day, in the order picked, with zeros for gaps', () => {
    const series = [
      { key: '64.08', label: 'Kutai Timur', points: [{ date: '2026-01-31', views: 4 }] },
      {
        key: '64.02',
        label: 'Kutai Kartanegara',
        points: [
          { date: '2026-01-31T16:30:00Z', views: 10 }, // 1 Feb, WITA
          { date: '2026-02-01', views: 2 },
        ],
      },
    ]
    expect(pivotSeries(series, 'views', { from: '2026-01-31', to: '2026-02-02', granularity: 'day' })).toEqual([
      { date: '2026-01-31', '64.08': 4, '64.02': 0 },
      { date: '2026-02-01', '64.08': 0, '64.02': 12 },
      { date: '2026-02-02', '64.08': 0, '64.02': 0 },
    ])
  })

  it('keeps the buckets when no series is given', () => {
    expect(pivotSeries([], 'views', { from: '2026-01-01', to: '2026-01-02', granularity: 'day' })).toEqual([
      { date: '2026-01-01' },
      { date: '2026-01-02' },
    ])
  })
})

describe('pivotComparison', () => {
  const rows = [
    { key: '64.08', label: 'Kutai Timur', views: 493, kimActive: 2 },
    { key: '64.02', label: 'Kutai Kartanegara', views: 1200, kimActive: 2 },
    { key: '64.03', label: 'Berau', views: 80, kimActive: 8 },
  ]

  it('gives one row per metric and one column per regency, marking a single leader', () => {
    expect(pivotComparison(rows, ['64.08', '64.02', '64.11'], ['views', 'kimActive'])).toEqual([
      { metric: 'views', values: { '64.08': 493, '64.02': 1200, '64.11': null }, leader: '64.02' },
      // A tie at the top has no leader.
      { metric: 'kimActive', values: { '64.08': 2, '64.02': 2, '64.11': null }, leader: null },
    ])
  })
})

describe('changePercent and shareOf', () => {
  it('says +25 % for 100 → 125 and nothing when the previous value is 0 or missing', () => {
    expect(changePercent(125, 100)).toBe(25)
    expect(changePercent(50, 200)).toBe(-75)
    expect(changePercent(10, 0)).toBeNull()
    expect(changePercent(10, null)).toBeNull()
    expect(shareOf(1, 4)).toBe(0.25)
    expect(shareOf(1, 0)).toBeNull()
  })
})

describe('mergeRegionRows', () => {
  it('lists all ten regencies, traffic and KIM figures of one stats answer by code', () => {
    const rows = mergeRegionRows([
      {
        key: '64.08',
        views: 493,
        visitors: 300,
        articles: 1,
        activities: 2,
        kim_groups: 3,
        kim_active: 2,
        coverage: 2.1,
        active_coverage: 1.4,
        change: { views: 12.5 },
      },
    ])
    expect(rows.map((r) => r.key)).toEqual(['64.01', '64.02', '64.03', '64.07', '64.08', '64.09', '64.11', '64.71', '64.72', '64.74'])
    expect(rows[4]).toEqual({
      key: '64.08',
      label: 'Kutai Timur',
      views: 493,
      visitors: 300,
      articles: 1,
      activities: 2,
      kimActive: 2,
      kimDormant: 1,
      coverage: 2.1,
      activeCoverage: 1.4,
      viewsChange: 12.5,
    })
    expect(rows[0]).toEqual({
      key: '64.01',
      label: 'Paser',
      views: 0,
      visitors: 0,
      articles: 0,
      activities: 0,
      kimActive: 0,
      kimDormant: 0,
      coverage: 0,
      activeCoverage: 0,
      viewsChange: null,
    })
  })
})

describe('planByFamily', () => {
  it('splits a mixed question per metric family and leaves out filters a family cannot apply', () => {
    const plans = planByFamily(['views', 'kim_active', 'visitors', 'activities'], {
      from: '2026-11-01',
      to: '2026-11-27',
      region: '64.08,64.02',
      category: 'pemerintahan',
      site: '1',
      compare: 'previous',
    })
    expect(plans).toEqual([
      {
        family: 'page_views',
        metrics: ['views', 'visitors'],
        query: {
          from: '2026-11-01',
          to: '2026-11-27',
          region: '64.08,64.02',
          category: 'pemerintahan',
          site: '1',
          compare: 'previous',
          metrics: 'views,visitors',
        },
        ignored: [],
      },
      {
        family: 'kim_groups',
        metrics: ['kim_active'],
        query: { from: '2026-11-01', to: '2026-11-27', region: '64.08,64.02', compare: 'previous', metrics: 'kim_active' },
        ignored: ['site', 'category'],
      },
      {
        family: 'kim_activities',
        metrics: ['activities'],
        query: { from: '2026-11-01', to: '2026-11-27', region: '64.08,64.02', compare: 'previous', metrics: 'activities' },
        ignored: ['site', 'category'],
      },
    ])
    expect(ignoredFilters(plans)).toEqual(['site', 'category'])
  })

  it('ignores empty filters', () => {
    const [plan] = planByFamily(['kim_active'], { region: undefined, category: '', site: [] })
    expect(plan!.ignored).toEqual([])
  })
})

describe('merging per-family answers', () => {
  it('puts summaries together with their previous values and changes', () => {
    expect(
      mergeSummaries([
        { views: 10, previous: { views: 8 }, change: { views: 25 } },
        { kim_active: 3, previous: { kim_active: 3 }, change: { kim_active: 0 } },
      ]),
    ).toEqual({ views: 10, kim_active: 3, previous: { views: 8, kim_active: 3 }, change: { views: 25, kim_active: 0 } })
  })

  it('joins breakdown rows by key, keeping the first answer order', () => {
    expect(
      mergeBreakdownRows([
        [
          { key: '64.72', label: 'Samarinda', views: 50 },
          { key: '64.08', label: 'Kutai Timur', views: 9 },
        ],
        [
          { key: '64.08', label: 'Kutai Timur', kim_active: 2 },
          { key: '64.03', label: 'Berau', kim_active: 8 },
        ],
      ]),
    ).toEqual([
      { key: '64.72', label: 'Samarinda', views: 50 },
      { key: '64.08', label: 'Kutai Timur', views: 9, kim_active: 2 },
      { key: '64.03', label: 'Berau', kim_active: 8 },
    ])
  })
})

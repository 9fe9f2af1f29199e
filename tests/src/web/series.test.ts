import { describe, expect, it } from 'vitest'
import { presetRange, resolveRange } from '../../../web/src/data/date-range.ts'
import { addMonths, dayIn } from '../../../web/src/data/dates.ts'
import { bucketOf, bucketsBetween, gapFill, granularityFor, mondayOf } from '../../../web/src/data/series.ts'

// Pure shaping of the dashboard's time series: buckets are WITA calendar days, weeks and months.

describe('bucketOf (WITA = UTC+8)', () => {
  it('puts an instant half an hour after WITA midnight on the new WITA day', () => {
    // 16:30 UTC on 31 January is 00:30 WITA on 1 February.
    expect(bucketOf('2026-01-31T16:30:00Z', 'day')).toBe('2026-02-01')
    expect(bucketOf('2026-01-31T15:59:59Z', 'day')).toBe('2026-01-31')
    expect(bucketOf('2026-01-31T16:30:00Z', 'month')).toBe('2026-02')
    expect(bucketOf('2026-01-31T16:30:00Z', 'hour')).toBe('2026-02-01T00')
    // The same instant in UTC still belongs to 31 January.
    expect(bucketOf('2026-01-31T16:30:00Z', 'day', 'UTC')).toBe('2026-01-31')
  })

  it('takes calendar days and months as they are (they are already WITA days)', () => {
    expect(bucketOf('2026-02-01', 'day')).toBe('2026-02-01')
    expect(bucketOf('2026-02-01', 'month')).toBe('2026-02')
    expect(bucketOf('2026-02', 'month')).toBe('2026-02')
  })

  it('keys a week by its Monday', () => {
    expect(mondayOf('2026-11-27')).toBe('2026-11-23') // a Friday
    expect(mondayOf('2026-11-23')).toBe('2026-11-23')
    expect(mondayOf('2026-11-29')).toBe('2026-11-23') // Sunday ends the week
    expect(bucketOf('2026-11-29T16:00:00Z', 'week')).toBe('2026-11-30') // Monday 00:00 WITA
  })

  it('refuses what is not a date', () => {
    expect(() => bucketOf('kemarin', 'day')).toThrow('not a date')
  })
})

describe('bucketsBetween', () => {
  it('counts every day across a month end and a leap day', () => {
    expect(bucketsBetween('2028-02-27', '2028-03-02', 'day')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
      '2028-03-02',
    ])
  })

  it('counts months across a year end', () => {
    expect(bucketsBetween('2025-11-15', '2026-02-03', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
  })

  it('starts weeks at the Monday of the first day', () => {
    expect(bucketsBetween('2026-11-27', '2026-12-10', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07'])
  })

  it('has 24 hours per WITA day', () => {
    const hours = bucketsBetween('2026-03-01', '2026-03-02', 'hour')
    expect(hours).toHaveLength(48)
    expect(hours[0]).toBe('2026-03-01T00')
    expect(hours[47]).toBe('2026-03-02T23')
  })
})

describe('gapFill', () => {
  it('fills missing days with zeros and adds up points of the same WITA day', () => {
    const points = [
      { date: '2026-01-30T10:00:00Z', views: 3, visitors: 2 }, // 30 Jan 18:00 WITA
      { date: '2026-01-31T15:00:00Z', views: 5, visitors: 4 }, // 31 Jan 23:00 WITA
      { date: '2026-01-31T16:30:00Z', views: 7, visitors: 1 }, // 1 Feb 00:30 WITA
      { date: '2026-02-01T03:00:00Z', views: 1, visitors: null }, // 1 Feb 11:00 WITA, visitors unknown
      { date: '2026-02-05T03:00:00Z', views: 100, visitors: 100 }, // after the range: dropped
    ]
    expect(gapFill(points, { from: '2026-01-30', to: '2026-02-02', granularity: 'day', metrics: ['views', 'visitors'] })).toEqual([
      { date: '2026-01-30', views: 3, visitors: 2 },
      { date: '2026-01-31', views: 5, visitors: 4 },
      { date: '2026-02-01', views: 8, visitors: 1 },
      { date: '2026-02-02', views: 0, visitors: 0 },
    ])
  })

  it('moves a view at 00:30 WITA on 1 March into March, not February', () => {
    const points = [
      { date: '2026-02-28T15:59:00Z', views: 2 }, // 23:59 WITA, 28 Feb
      { date: '2026-02-28T16:30:00Z', views: 9 }, // 00:30 WITA, 1 Mar
    ]
    expect(gapFill(points, { from: '2026-01-01', to: '2026-03-31', granularity: 'month', metrics: ['views'] })).toEqual([
      { date: '2026-01', views: 0 },
      { date: '2026-02', views: 2 },
      { date: '2026-03', views: 9 },
    ])
  })

  it('passes through a complete server series unchanged (already gap-filled by day)', () => {
    const series = [
      { date: '2026-11-01', views: 1, previous: { date: '2026-10-01', views: 4 } },
      { date: '2026-11-02', views: 0 },
    ]
    expect(gapFill(series, { from: '2026-11-01', to: '2026-11-02', granularity: 'day', metrics: ['views'] })).toEqual([
      { date: '2026-11-01', views: 1 },
      { date: '2026-11-02', views: 0 },
    ])
  })

  it('gives an all-zero series for no points', () => {
    expect(gapFill([], { from: '2026-12-30', to: '2027-01-01', granularity: 'day', metrics: ['views'] })).toEqual([
      { date: '2026-12-30', views: 0 },
      { date: '2026-12-31', views: 0 },
      { date: '2027-01-01', views: 0 },
    ])
  })
})

describe('granularityFor', () => {
  it('uses days up to two months, then weeks, then months', () => {
    expect(granularityFor(7)).toBe('day')
    expect(granularityFor(62)).toBe('day')
    expect(granularityFor(63)).toBe('week')
    expect(granularityFor(210)).toBe('week')
    expect(granularityFor(366)).toBe('month')
  })
})

describe('period presets on the WITA calendar', () => {
  // 16:30 UTC on 31 January 2026 is already 1 February in WITA.
  const afterWitaMidnight = new Date('2026-01-31T16:30:00Z')

  it('counts "today" in WITA', () => {
    expect(dayIn(afterWitaMidnight)).toBe('2026-02-01')
    expect(presetRange('7-hari', afterWitaMidnight)).toEqual({ preset: '7-hari', from: '2026-01-26', to: '2026-02-01' })
    expect(presetRange('30-hari', afterWitaMidnight)).toEqual({ preset: '30-hari', from: '2026-01-03', to: '2026-02-01' })
    expect(presetRange('bulan-ini', afterWitaMidnight)).toEqual({ preset: 'bulan-ini', from: '2026-02-01', to: '2026-02-01' })
    expect(presetRange('tahun-ini', afterWitaMidnight)).toEqual({ preset: 'tahun-ini', from: '2026-01-01', to: '2026-02-01' })
  })

  it('crosses month and year ends for yesterday, last month, 12 months, last year and all time', () => {
    // 1 January 2026 in WITA (still 31 December in UTC).
    const newYear = new Date('2025-12-31T16:30:00Z')
    const range = (preset: Parameters<typeof presetRange>[0], firstDay: string | null = null) => {
      const { from, to } = presetRange(preset, newYear, undefined, firstDay)
      return [from, to]
    }
    expect(range('hari-ini')).toEqual(['2026-01-01', '2026-01-01'])
    expect(range('kemarin')).toEqual(['2025-12-31', '2025-12-31'])
    expect(range('bulan-lalu')).toEqual(['2025-12-01', '2025-12-31'])
    expect(range('12-bulan')).toEqual(['2025-02-01', '2026-01-01'])
    expect(range('tahun-lalu')).toEqual(['2025-01-01', '2025-12-31'])
    expect(range('seluruh-waktu', '2022-04-20')).toEqual(['2022-04-20', '2026-01-01'])
    // No data yet: all time is today.
    expect(range('seluruh-waktu')).toEqual(['2026-01-01', '2026-01-01'])
    // A page's own default (the article page opens on all time).
    const now = new Date('2026-11-27T04:00:00Z')
    expect(resolveRange(null, null, null, now, undefined, { defaultPreset: 'seluruh-waktu', firstDay: '2022-04-20' })).toEqual({
      preset: 'seluruh-waktu',
      from: '2022-04-20',
      to: '2026-11-27',
    })
  })

  it('keeps a custom range of real days (the API judges it) and falls back to 30 days for a broken one', () => {
    const now = new Date('2026-11-27T04:00:00Z')
    expect(resolveRange('kustom', '2026-02-01', '2026-02-28', now)).toEqual({ preset: 'kustom', from: '2026-02-01', to: '2026-02-28' })
    // Reversed or long: kept as asked, so the filter bar can show why the API refuses it.
    expect(resolveRange('kustom', '2026-03-01', '2026-02-01', now)).toEqual({ preset: 'kustom', from: '2026-03-01', to: '2026-02-01' })
    expect(resolveRange('kustom', '2020-01-01', '2026-01-01', now)).toEqual({ preset: 'kustom', from: '2020-01-01', to: '2026-01-01' })
    const fallback = { preset: '30-hari', from: '2026-10-29', to: '2026-11-27' }
    expect(resolveRange('kustom', '2026-02-30', '2026-03-01', now)).toEqual(fallback) // no 30 February
    expect(resolveRange('besok', null, null, now)).toEqual(fallback)
    expect(resolveRange(null, null, null, now)).toEqual(fallback)
  })

  it('steps months across year ends', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2026-03', 22)).toBe('2028-01')
  })
})

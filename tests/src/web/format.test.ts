import { describe, expect, it } from 'vitest'
import { localMessage } from '../../../web/src/api/client.ts'
import { toCsv } from '@jangkau/shared'
import { csvFileName, parseCsv, toCommaCsv } from '../../../web/src/data/csv.ts'
import { readFilters, writeFilters } from '../../../web/src/data/filters.ts'
import {
  formatBucket,
  formatBucketLong,
  formatChange,
  formatDateTime,
  formatDay,
  formatNumber,
  formatShare,
} from '../../../web/src/data/format.ts'

describe('id-ID numbers', () => {
  it('groups thousands with dots and uses a decimal comma', () => {
    expect(formatNumber(1234567)).toBe('1.234.567')
    expect(formatNumber(493)).toBe('493')
    expect(formatNumber(1234.5678, 'id', 2)).toBe('1.234,57')
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatNumber(null)).toBe('–')
    expect(formatNumber(Number.NaN)).toBe('–')
  })

  it('writes shares and changes the Indonesian way, with a real minus sign', () => {
    expect(formatShare(0.125)).toBe('12,5%')
    expect(formatShare(0.125, 'en')).toBe('12.5%')
    expect(formatChange(12.5)).toBe('+12,5%')
    expect(formatChange(-3.04)).toBe('\u22123%')
    expect(formatChange(1234.56)).toBe('+1.234,6%')
    expect(formatChange(0.01)).toBe('0%')
    expect(formatChange(null)).toBe('–')
  })
})

describe('dates in WITA', () => {
  it('prints the seed article time in WITA whatever the instant is written in', () => {
    // 20 April 2022 08:26 WITA = 00:26 UTC.
    expect(formatDateTime('2022-04-20T00:26:00Z')).toBe('20 Apr 2022 08.26 WITA')
    expect(formatDateTime('2022-04-20T08:26:00+08:00', 'en')).toBe('20 Apr 2022 08:26 WITA')
  })

  it('puts an instant after WITA midnight on the next day, and keeps calendar days as they are', () => {
    expect(formatDay('2026-01-31T16:30:00Z')).toBe('1 Feb 2026')
    expect(formatDay('2026-01-31')).toBe('31 Jan 2026')
    expect(formatDay('2026-08-17', 'id')).toBe('17 Agt 2026')
  })

  it('labels buckets in Indonesian and English', () => {
    expect(formatBucket('2026-08-17', 'day')).toBe('17 Agt')
    expect(formatBucket('2026-08', 'month', 'en')).toBe('Aug 2026')
    expect(formatBucketLong('2026-08-17', 'day')).toBe('Senin, 17 Agustus 2026')
    expect(formatBucketLong('2026-08-17', 'week', 'en')).toBe('Week of 17 August 2026')
    expect(formatBucketLong('2026-08', 'month')).toBe('Agustus 2026')
  })
})

describe('CSV', () => {
  it('writes ";" with a decimal comma, quotes what needs it and disarms formulas', () => {
    expect(
      toCsv(
        ['wilayah', 'tayangan', 'cakupan'],
        [
          ['Kutai Timur; Kutim', 1234, 12.5],
          ['=HYPERLINK("x")', null, 0],
          ['baris\nbaru', 'kata "kutip"', true],
        ],
      ),
    ).toBe(
      'wilayah;tayangan;cakupan\r\n"Kutai Timur; Kutim";1234;12,5\r\n"\'=HYPERLINK(""x"")";;0\r\n"baris\nbaru";"kata ""kutip""";true\r\n',
    )
  })

  it('reads quoted fields back and turns the ";" file into a "," file with decimal points', () => {
    const semicolon = '\uFEFFwilayah;tayangan;cakupan;kode\r\n"Kutai Timur; Kutim";1234;12,5;0812\r\nBerau;-3;"1,25";64.03\r\n'
    expect(parseCsv(semicolon)).toEqual([
      ['wilayah', 'tayangan', 'cakupan', 'kode'],
      ['Kutai Timur; Kutim', '1234', '12,5', '0812'],
      ['Berau', '-3', '1,25', '64.03'],
    ])
    expect(toCommaCsv(semicolon)).toBe('wilayah,tayangan,cakupan,kode\r\nKutai Timur; Kutim,1234,12.5,0812\r\nBerau,-3,1.25,64.03\r\n')
    // The server's files (BOM, no "sep=" line) come out the same way.
    expect(toCommaCsv('\uFEFFTanggal;Tayangan\r\n2026-11-01;1,5\r\n')).toBe('Tanggal,Tayangan\r\n2026-11-01,1.5\r\n')
  })

  it('names files safely', () => {
    expect(csvFileName('Banding', 'views', '64.08', '2026-11-01')).toBe('jangkau-banding-views-64.08-2026-11-01.csv')
    expect(csvFileName('KIM Teluk Singkama / 2026')).toBe('jangkau-kim-teluk-singkama-2026.csv')
  })
})

describe('filters in the URL', () => {
  const now = new Date('2026-11-27T04:00:00Z')

  it('reads Indonesian params, dropping unknown regencies and repeated ones', () => {
    const params = new URLSearchParams('periode=bulan-ini&wilayah=64.08,99.99,64.02,64.08&kategori=pemerintahan&situs=2')
    expect(readFilters(params, now)).toEqual({
      range: { preset: 'bulan-ini', from: '2026-11-01', to: '2026-11-27' },
      regions: ['64.08', '64.02'],
      category: 'pemerintahan',
      site: '2',
    })
  })

  it('writes a change back, keeping other params and going back to the first page', () => {
    const params = new URLSearchParams('urut=views&halaman=3&periode=7-hari')
    const next = writeFilters(params, { preset: 'kustom', from: '2026-02-01', to: '2026-02-28', regions: ['64.08'] })
    expect(next.toString()).toBe('urut=views&periode=kustom&dari=2026-02-01&sampai=2026-02-28&wilayah=64.08')
    // The default preset leaves the address short, and a relative preset drops the fixed days.
    expect(writeFilters(next, { preset: '30-hari', regions: [] }).toString()).toBe('urut=views')
    // Round trip.
    expect(readFilters(next, now).range).toEqual({ preset: 'kustom', from: '2026-02-01', to: '2026-02-28' })
  })
})

describe('server messages', () => {
  it('shows the half of "Indonesia. / English." in the UI language', () => {
    const message = 'Tanggal tidak sah: 2026-02-30. / Not a calendar day: 2026-02-30.'
    expect(localMessage(message, 'id')).toBe('Tanggal tidak sah: 2026-02-30.')
    expect(localMessage(message, 'en')).toBe('Not a calendar day: 2026-02-30.')
    expect(localMessage('HTTP 502', 'en')).toBe('HTTP 502')
  })
})

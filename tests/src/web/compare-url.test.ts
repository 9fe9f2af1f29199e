import { describe, expect, it } from 'vitest'
import { parseCompareCodes, searchWithCodes } from '../../../web/src/data/compare.ts'
import { isRegencyCode } from '../../../web/src/data/regencies.ts'

// The compare ticks on /wilayah in the URL: readable commas written, both spellings read.

describe('the compare parameter', () => {
  it('writes the codes with literal commas and keeps the other parameters', () => {
    expect(searchWithCodes('?periode=30-hari', 'banding', ['64.08', '64.72'])).toBe('?periode=30-hari&banding=64.08,64.72')
    // An earlier selection (in either spelling) is replaced, not repeated.
    expect(searchWithCodes('?banding=64.08%2C64.02&periode=7-hari', 'banding', ['64.02'])).toBe('?periode=7-hari&banding=64.02')
    expect(searchWithCodes('?banding=64.08,64.02', 'banding', [])).toBe('')
  })

  it('reads literal and encoded commas alike, known codes only, each once, at most four', () => {
    const read = (search: string) => parseCompareCodes(new URLSearchParams(search).get('banding'), isRegencyCode, 4)
    expect(read('?banding=64.08,64.72')).toEqual(['64.08', '64.72'])
    expect(read('?banding=64.08%2C64.72')).toEqual(['64.08', '64.72'])
    expect(read('?banding=64.08,99.99,64.08,64.02,64.72,64.71,64.74')).toEqual(['64.08', '64.02', '64.72', '64.71'])
    expect(read('?periode=30-hari')).toEqual([])
    // What searchWithCodes writes reads back as the same list.
    expect(read(searchWithCodes('', 'banding', ['64.72', '64.08']))).toEqual(['64.72', '64.08'])
  })
})

// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import RegencyMap from '../../../web/src/charts/RegencyMap.tsx'
import { MAP_NO_DATA, MAP_STEPS, stepOf } from '../../../web/src/data/map.ts'

afterEach(() => cleanup())

describe('RegencyMap', () => {
  it('draws the ten regencies inside the picture, shaded by value, each a labelled button', () => {
    const selected: string[] = []
    render(
      <RegencyMap
        values={{ '64.08': 493, '64.02': 1200, '64.72': 0 }}
        metricLabel="Tayangan"
        lang="id"
        selected={['64.08']}
        onSelect={(code) => selected.push(code)}
        ariaLabel="Peta"
      />,
    )
    const regions = screen.getAllByRole('button')
    expect(regions).toHaveLength(10)
    const kutim = screen.getByRole('button', { name: 'Kutai Timur: 493 tayangan' })
    expect(kutim.getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('button', { name: 'Kutai Kartanegara: 1.200 tayangan' }).querySelector('path')!.getAttribute('fill')).toBe(
      MAP_STEPS[4],
    )
    expect(kutim.querySelector('path')!.getAttribute('fill')).toBe(MAP_STEPS[2])
    expect(screen.getByRole('button', { name: 'Samarinda: 0 tayangan' }).querySelector('path')!.getAttribute('fill')).toBe(MAP_STEPS[0])
    expect(screen.getByRole('button', { name: 'Berau: – tayangan' }).querySelector('path')!.getAttribute('fill')).toBe(MAP_NO_DATA)

    // Every point of every shape lies inside the 520 × 560 picture, and the province fills it in
    // one direction (fitSize). With the file's RFC 7946 winding passed to d3 unchanged, each shape
    // would be "the globe minus the regency": the world would be fitted and Kaltim a dot.
    const all = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity }
    for (const region of regions) {
      const numbers = (region.querySelector('path')!.getAttribute('d') ?? '').match(/-?\d+(\.\d+)?/g)!.map(Number)
      expect(numbers.length).toBeGreaterThan(8)
      const xs = numbers.filter((_, i) => i % 2 === 0)
      const ys = numbers.filter((_, i) => i % 2 === 1)
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(-0.5)
      expect(Math.max(...xs)).toBeLessThanOrEqual(520.5)
      expect(Math.min(...ys)).toBeGreaterThanOrEqual(-0.5)
      expect(Math.max(...ys)).toBeLessThanOrEqual(560.5)
      all.minX = Math.min(all.minX, ...xs)
      all.maxX = Math.max(all.maxX, ...xs)
      all.minY = Math.min(all.minY, ...ys)
      all.maxY = Math.max(all.maxY, ...ys)
    }
    expect(Math.max(all.maxX - all.minX, all.maxY - all.minY)).toBeGreaterThan(515)
    // A regency is a regency-sized shape, not the world: Kutai Timur spans a good part of the map.
    const kutimXs = (kutim.querySelector('path')!.getAttribute('d') ?? '')
      .match(/-?\d+(\.\d+)?/g)!
      .map(Number)
      .filter((_, i) => i % 2 === 0)
    expect(Math.max(...kutimXs) - Math.min(...kutimXs)).toBeLessThan(400)

    fireEvent.click(screen.getByRole('button', { name: /^Berau/ }))
    fireEvent.keyDown(screen.getByRole('button', { name: /^Bontang/ }), { key: 'Enter' })
    fireEvent.keyDown(screen.getByRole('button', { name: /^Paser/ }), { key: 'Tab' })
    expect(selected).toEqual(['64.03', '64.74'])
  })

  it('shades on a linear scale from 0 to the largest value', () => {
    expect(stepOf(0, 100)).toBe(0)
    expect(stepOf(19, 100)).toBe(0)
    expect(stepOf(20, 100)).toBe(1)
    expect(stepOf(99, 100)).toBe(4)
    expect(stepOf(100, 100)).toBe(4)
    expect(stepOf(null, 100)).toBeNull()
    expect(stepOf(5, 0)).toBe(0)
  })
})

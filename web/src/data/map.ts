/** The small part of GeoJSON the map file uses (its own types, to need no extra package). */
type Position = [number, number]
export type Polygon = { type: 'Polygon'; coordinates: Position[][] }
export type MultiPolygon = { type: 'MultiPolygon'; coordinates: Position[][][] }

export interface RegencyProperties {
  code: string
  name: string
  type: 'kabupaten' | 'kota'
  /** [lng, lat] of a point inside the region, for its label. */
  label: [number, number]
}

export interface RegencyFeature {
  type: 'Feature'
  properties: RegencyProperties
  geometry: Polygon | MultiPolygon
}

export interface RegencyCollection {
  type: 'FeatureCollection'
  features: RegencyFeature[]
}

/**
 * The features with every ring reversed. Our file follows RFC 7946 (exterior rings
 * counter-clockwise), but d3-geo works on the sphere and reads a counter-clockwise exterior ring
 * as "everything except this shape": the map would be the whole globe. Reversing gives d3 the
 * clockwise rings it expects. Pure: the input is not changed.
 */
export function rewindForD3(collection: RegencyCollection): RegencyCollection {
  return {
    ...collection,
    features: collection.features.map((f) => ({
      ...f,
      geometry:
        f.geometry.type === 'Polygon'
          ? { ...f.geometry, coordinates: f.geometry.coordinates.map((ring) => [...ring].reverse()) }
          : { ...f.geometry, coordinates: f.geometry.coordinates.map((poly) => poly.map((ring) => [...ring].reverse())) },
    })),
  }
}

/** Five steps from pale to deep blue; every step keeps ≥ 4.5:1 contrast with its label colour. */
export const MAP_STEPS = ['#e3eef7', '#b9d4ea', '#7fb0d6', '#3f7fb5', '#1d4f80'] as const
export const MAP_NO_DATA = '#eef0f2'

/** The text colour readable on a step: dark on the pale ones, white on the deep ones. */
export function labelColorFor(fill: string): string {
  return fill === MAP_STEPS[3] || fill === MAP_STEPS[4] ? '#ffffff' : '#1b2733'
}

/**
 * The step index (0..4) of `value` on a linear scale from 0 to `max`, or null for no data.
 * Linear, not quantile: leadership reads "twice as dark = about twice as much", and with ten
 * regions quantiles would exaggerate small differences.
 */
export function stepOf(value: number | null | undefined, max: number): number | null {
  if (value == null || !Number.isFinite(value)) return null
  if (max <= 0) return 0
  const ratio = Math.min(Math.max(value / max, 0), 1)
  return Math.min(MAP_STEPS.length - 1, Math.floor(ratio * MAP_STEPS.length))
}

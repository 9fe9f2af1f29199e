import { geoMercator, geoPath } from 'd3-geo'
import { type KeyboardEvent, useMemo } from 'react'
import rawGeoJson from '../assets/kaltim-kabkota.geojson?raw'
import { formatNumber, type Lang } from '../data/format.ts'
import { labelColorFor, MAP_NO_DATA, MAP_STEPS, type RegencyCollection, rewindForD3, stepOf } from '../data/map.ts'
import { regencyByCode } from '../data/regencies.ts'

const WIDTH = 520
const HEIGHT = 560

/**
 * Where a label sits relative to its point. Penajam Paser Utara and Balikpapan touch, and their
 * labels would overlap; one reads to the left of its point and the other to the right.
 */
const LABEL_PLACEMENT: Record<string, { anchor: 'start' | 'middle' | 'end'; dx: number; dy: number }> = {
  '64.09': { anchor: 'end', dx: -2, dy: -4 },
  '64.71': { anchor: 'start', dx: 4, dy: 6 },
}

/**
 * Parsed and projected once per page load. The shapes ship inside this lazily loaded chunk (no tile
 * server, nothing fetched from a third party); see assets/kaltim-kabkota.SOURCE.md for the licence.
 */
const shapes = (() => {
  const collection = rewindForD3(JSON.parse(rawGeoJson) as RegencyCollection)
  const projection = geoMercator().fitSize([WIDTH, HEIGHT], collection as never)
  const path = geoPath(projection)
  return collection.features.map((f) => ({
    code: f.properties.code,
    d: path(f as never) ?? '',
    label: projection(f.properties.label) ?? [0, 0],
  }))
})()

export interface RegencyMapProps {
  /** Value per regency code; missing or null = no data. */
  values: Readonly<Record<string, number | null | undefined>>
  metricLabel: string
  lang: Lang
  /** Regencies currently in the filter (outlined). */
  selected: readonly string[]
  /** Click or Enter on a regency. */
  onSelect?: (code: string) => void
  /** Accessible name of the whole map. */
  ariaLabel: string
}

/**
 * The ten regencies shaded by one metric. Each regency is a button (click, Enter or Space filters
 * to it) with its name and value in a <title>, which browsers show on hover and screen readers read.
 */
export default function RegencyMap({ values, metricLabel, lang, selected, onSelect, ariaLabel }: RegencyMapProps) {
  const max = useMemo(() => Math.max(0, ...Object.values(values).filter((v): v is number => typeof v === 'number')), [values])
  const onKey = (code: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onSelect?.(code)
    }
  }
  return (
    <figure className="regency-map">
      {/* biome-ignore lint/a11y/useSemanticElements: an <svg> cannot be a <fieldset>; the group names
           the set of regency shapes inside it */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={ariaLabel}>
        {shapes.map((shape) => {
          const value = values[shape.code]
          const step = stepOf(value, max)
          const fill = step === null ? MAP_NO_DATA : MAP_STEPS[step]!
          const name = regencyByCode(shape.code)?.name ?? shape.code
          const text = `${name}: ${value == null ? '–' : formatNumber(value, lang)} ${metricLabel.toLowerCase()}`
          const isSelected = selected.includes(shape.code)
          const className = `map-region${isSelected ? ' selected' : ''}`
          const content = (
            <>
              <title>{text}</title>
              <path d={shape.d} fill={fill} />
            </>
          )
          // Clickable (and then a toggle button in the tab order) only when the page can select a regency.
          return onSelect ? (
            /* biome-ignore lint/a11y/useSemanticElements: an HTML <button> cannot be drawn inside an <svg>;
               the <g> is a focusable toggle with Enter/Space handling */
            <g
              key={shape.code}
              className={className}
              role="button"
              tabIndex={0}
              aria-label={text}
              aria-pressed={isSelected}
              onClick={() => onSelect(shape.code)}
              onKeyDown={onKey(shape.code)}
            >
              {content}
            </g>
          ) : (
            /* biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an SVG <g> is a plain container, not an interactive element;
               without onSelect the shape is a labelled image */
            <g key={shape.code} className={className} role="img" aria-label={text}>
              {content}
            </g>
          )
        })}
        {/* Labels on top of all shapes, and invisible to the pointer so they never block a click. */}
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> without tabIndex is not focusable;
             the short labels repeat the shapes' names */}
        <g className="map-labels" aria-hidden="true">
          {shapes.map((shape) => {
            const step = stepOf(values[shape.code], max)
            const fill = step === null ? MAP_NO_DATA : MAP_STEPS[step]!
            const r = regencyByCode(shape.code)
            const place = LABEL_PLACEMENT[shape.code] ?? { anchor: 'middle', dx: 0, dy: 0 }
            const color = labelColorFor(fill)
            return (
              <text
                key={shape.code}
                x={shape.label[0] + place.dx}
                y={shape.label[1] + place.dy}
                fill={color}
                // A halo of the opposite colour: the labels of small coastal regencies (Samarinda,
                // Balikpapan, Bontang) run past their shape onto the white sea, where white text vanished.
                stroke={color === '#ffffff' ? 'rgba(16, 32, 51, 0.7)' : '#ffffff'}
                textAnchor={place.anchor}
                dominantBaseline="middle"
              >
                {r?.short ?? shape.code}
              </text>
            )
          })}
        </g>
      </svg>
      <figcaption className="map-legend">
        <span className="map-legend-title">{metricLabel}</span>
        <span className="map-scale" aria-hidden="true">
          <span>0</span>
          {MAP_STEPS.map((color) => (
            <span key={color} className="swatch wide" style={{ background: color }} />
          ))}
          <span>{formatNumber(max, lang)}</span>
        </span>
        <span className="visually-hidden">{`0 – ${formatNumber(max, lang)}`}</span>
      </figcaption>
    </figure>
  )
}

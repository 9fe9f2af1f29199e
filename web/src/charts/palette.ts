/**
 * Series colours: deep blue, amber, green, purple. Distinguishable with the common colour-vision
 * deficiencies and at least 3:1 against the white card (WCAG's contrast for graphics). Lines also
 * differ by dash pattern, so colour is never the only cue.
 */
export const SERIES_COLORS = ['#1d4f80', '#b45f06', '#2e7d5b', '#7b3fa0'] as const
export const SERIES_DASHES = ['', '6 3', '2 3', '8 3 2 3'] as const
export const GRID = '#e3e8ee'
export const AXIS_TEXT = '#4a5663'

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!
}

export function seriesDash(i: number): string {
  return SERIES_DASHES[i % SERIES_DASHES.length]!
}

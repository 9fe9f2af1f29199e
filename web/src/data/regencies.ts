/**
 * The ten regencies and cities (kabupaten/kota) of East Kalimantan, with Kemendagri codes (not BPS
 * codes). Fixed by law, so the dashboard keeps them here instead of asking the server for them.
 */
export interface Regency {
  code: string
  name: string
  /** The short name people use in meetings ("Kutim"), for chart legends and narrow screens. */
  short: string
  kind: 'kabupaten' | 'kota'
}

export const REGENCIES: readonly Regency[] = [
  { code: '64.01', name: 'Paser', short: 'Paser', kind: 'kabupaten' },
  { code: '64.02', name: 'Kutai Kartanegara', short: 'Kukar', kind: 'kabupaten' },
  { code: '64.03', name: 'Berau', short: 'Berau', kind: 'kabupaten' },
  { code: '64.07', name: 'Kutai Barat', short: 'Kubar', kind: 'kabupaten' },
  { code: '64.08', name: 'Kutai Timur', short: 'Kutim', kind: 'kabupaten' },
  { code: '64.09', name: 'Penajam Paser Utara', short: 'PPU', kind: 'kabupaten' },
  { code: '64.11', name: 'Mahakam Ulu', short: 'Mahulu', kind: 'kabupaten' },
  { code: '64.71', name: 'Balikpapan', short: 'Balikpapan', kind: 'kota' },
  { code: '64.72', name: 'Samarinda', short: 'Samarinda', kind: 'kota' },
  { code: '64.74', name: 'Bontang', short: 'Bontang', kind: 'kota' },
]

const BY_CODE = new Map(REGENCIES.map((r) => [r.code, r]))

export function regencyByCode(code: string): Regency | undefined {
  return BY_CODE.get(code)
}

/** "Kabupaten Kutai Timur" / "Kota Samarinda"; the bare code when unknown. */
export function regencyName(code: string, withKind = false): string {
  const r = BY_CODE.get(code)
  if (!r) return code
  return withKind ? `${r.kind === 'kota' ? 'Kota' : 'Kabupaten'} ${r.name}` : r.name
}

export function isRegencyCode(code: string): boolean {
  return BY_CODE.has(code)
}

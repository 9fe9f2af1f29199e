/**
 * Kemendagri region codes (not BPS codes): "64" province, "64.08" regency/city,
 * "64.08.12" district (kecamatan), "64.08.12.2004" village (desa/kelurahan).
 */
export const REGION_CODE_PATTERN = '^64(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?$'
export const REGENCY_CODE_PATTERN = '^64\\.\\d{2}$'
export const VILLAGE_CODE_PATTERN = '^64\\.\\d{2}\\.\\d{2}\\.\\d{4}$'

/** The regency ("64.08") a code belongs to, or null for the province itself. */
export function regencyOf(code: string): string | null {
  const parts = code.split('.')
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : null
}

/** The district ("64.08.12") a village or district code belongs to, or null above district level. */
export function districtOf(code: string): string | null {
  const parts = code.split('.')
  return parts.length >= 3 ? `${parts[0]}.${parts[1]}.${parts[2]}` : null
}

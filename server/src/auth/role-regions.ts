import type { Role } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { getRegions } from '../queries/regions.ts'

/**
 * The regions to store for a user or token of `role`: operators need at least one regency or city
 * ("64.08", level kabupaten/kota in the regions table); admins and viewers have none. Throws 400
 * `regions_required`, `regions_not_allowed` or `invalid_region`. Returns the codes sorted.
 */
export async function checkRoleRegions(db: Db, role: Role, regions: string[]): Promise<string[]> {
  if (role !== 'operator') {
    if (regions.length > 0) {
      throw badRequest('regions_not_allowed', t('Wilayah hanya untuk peran operator.', 'Only operators have regions.'))
    }
    return []
  }
  if (regions.length === 0) {
    throw badRequest('regions_required', t('Operator memerlukan minimal satu kabupaten/kota.', 'An operator needs at least one regency.'))
  }
  const regencies = new Set((await getRegions(db, regions)).filter((r) => r.level === 'kabupaten' || r.level === 'kota').map((r) => r.code))
  const unknown = regions.filter((code) => !regencies.has(code))
  if (unknown.length > 0) {
    throw badRequest(
      'invalid_region',
      t(
        `Bukan kode kabupaten/kota di Kalimantan Timur: ${unknown.join(', ')}.`,
        `Not a regency code of East Kalimantan: ${unknown.join(', ')}.`,
      ),
    )
  }
  return [...new Set(regions)].sort()
}

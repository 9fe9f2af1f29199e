import type { Db } from '../db/kysely.ts'

/**
 * Creates the sites whose hostname is new (an existing site keeps its name, region and flags) and
 * returns the id of every given hostname. Hostnames lower-case, without "www.".
 */
export async function ensureSites(
  db: Db,
  sites: { hostname: string; name: string; regionCode: string | null; autoCreated: boolean }[],
): Promise<Map<string, number>> {
  if (sites.length === 0) return new Map()
  await db
    .insertInto('sites')
    .values(sites.map((s) => ({ hostname: s.hostname, name: s.name, region_code: s.regionCode, auto_created: s.autoCreated })))
    .onConflict((oc) => oc.column('hostname').doNothing())
    .execute()
  const rows = await db
    .selectFrom('sites')
    .select(['id', 'hostname'])
    .where(
      'hostname',
      'in',
      sites.map((s) => s.hostname),
    )
    .execute()
  return new Map(rows.map((r) => [r.hostname, r.id]))
}

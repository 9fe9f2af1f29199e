import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { KimGroupValues } from './kim-groups.ts'

/** Rows per statement: big enough to be fast, small enough to report progress. */
const CHUNK = 2000

/**
 * Stores many validated groups with their first status-history entries: one statement per chunk
 * (arrays unnested into rows). Run inside the import's transaction, so that a failure stores
 * nothing. `at` (the app's clock) stamps created_at and updated_at. `onProgress` hears how many rows are written so far.
 */
export async function importKimGroups(
  db: Db,
  groups: KimGroupValues[],
  at: Date,
  onProgress: (written: number) => void = () => {},
): Promise<number> {
  for (let start = 0; start < groups.length; start += CHUNK) {
    const chunk = groups.slice(start, start + CHUNK)
    const column = <T>(pick: (g: KimGroupValues) => T) => chunk.map(pick)
    await sql`
      with inserted as (
        insert into kim_groups (name, village_code, district_code, region_code, decree_number, decree_date, formed_on,
                                status, status_since, budget, members, officers, channels, registration_number,
                                created_at, updated_at)
        select v.name, v.village_code, v.district_code, v.region_code, v.decree_number, v.decree_date, v.formed_on,
               v.status, v.status_since, v.budget, v.members, v.officers::jsonb, v.channels::jsonb, v.registration_number,
               ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
        from unnest(
          ${column((g) => g.name)}::text[],
          ${column((g) => g.villageCode)}::text[],
          ${column((g) => g.districtCode)}::text[],
          ${column((g) => g.regionCode)}::text[],
          ${column((g) => g.decreeNumber)}::text[],
          ${column((g) => g.decreeDate)}::date[],
          ${column((g) => g.formedOn)}::date[],
          ${column((g) => g.status)}::text[],
          ${column((g) => g.statusSince)}::date[],
          ${column((g) => g.budget)}::text[],
          ${column((g) => g.members)}::int[],
          ${column((g) => JSON.stringify(g.officers))}::text[],
          ${column((g) => JSON.stringify(g.channels))}::text[],
          ${column((g) => g.registrationNumber)}::text[]
        ) as v(name, village_code, district_code, region_code, decree_number, decree_date, formed_on,
               status, status_since, budget, members, officers, channels, registration_number)
        returning id, status, status_since
      )
      insert into kim_status_changes (group_id, status, changed_on)
      select id, status, status_since from inserted
    `.execute(db)
    onProgress(start + chunk.length)
  }
  return groups.length
}

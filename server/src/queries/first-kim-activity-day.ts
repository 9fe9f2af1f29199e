import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/** The day of the first KIM activity recorded (one lookup on the date index), or null while there is none. */
export async function getFirstKimActivityDay(db: Db): Promise<string | null> {
  const { rows } = await sql<{ first: string | null }>`select to_char(min(date), 'YYYY-MM-DD') as first from kim_activities`.execute(db)
  return rows[0]?.first ?? null
}

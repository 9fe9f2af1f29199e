import { createHash, randomBytes } from 'node:crypto'
import { dayIn } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { getOrCreateSalt } from '../queries/get-or-create-salt.ts'

/**
 * Cookieless visitor identity, Plausible's way: hash(daily salt, site, IP, user agent). The salt is
 * random, one per calendar day in the report time zone (WITA), and is deleted the day after, so no
 * IP or visitor id outlives the day. Returned as a signed 64-bit integer (a string, for bigint).
 */
export class VisitorHasher {
  private cached: { day: string; salt: Uint8Array } | undefined
  private lastDay: { second: number; day: string } | undefined

  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
  ) {}

  async hash(at: Date, siteId: number, ip: string, userAgent: string): Promise<string> {
    const salt = await this.saltFor(this.dayOf(at))
    const digest = createHash('sha256').update(salt).update(`\u0000${siteId}\u0000${ip}\u0000${userAgent}`).digest()
    return digest.readBigInt64BE(0).toString()
  }

  /**
   * dayIn() for `at`, reused for every view in the same second: Intl formatting per view showed in
   * `pnpm bench ingest` profiles, and a day (in any zone; offsets are whole seconds) never changes
   * within one second.
   */
  private dayOf(at: Date): string {
    const second = Math.floor(at.getTime() / 1000)
    if (this.lastDay?.second !== second) this.lastDay = { second, day: dayIn(at, this.timeZone) }
    return this.lastDay.day
  }

  private async saltFor(day: string): Promise<Uint8Array> {
    if (this.cached?.day === day) return this.cached.salt
    const salt = await getOrCreateSalt(this.db, day, randomBytes(32))
    this.cached = { day, salt }
    return salt
  }
}

import { dayIn } from '@jangkau/shared'
import type { FastifyInstance } from 'fastify'

/** Today's calendar day ("YYYY-MM-DD") in the report time zone (WITA), by the app's clock. */
export function today(app: FastifyInstance): string {
  return dayIn(app.clock(), app.config.timeZone)
}

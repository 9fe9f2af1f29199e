import type { AddressInfo } from 'node:net'
import type { Config } from '@jangkau/server/config.ts'
import { runDueReports } from '@jangkau/server/reports/scheduler.ts'
import type { ReportDelivery, ReportSchedule } from '@jangkau/shared'
import { sql } from 'kysely'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { expect } from 'vitest'
import { createApiToken } from './auth.ts'
import { createTestApp } from './test-app.ts'

// What the report email tests share (report-email.test.ts, report-email-schedule.test.ts): a real
// SMTP server (smtp-server) on a random local port, and an app whose scheduler is driven by a clock.

/** Schedules are saved on 20 October 2026 (WITA); the first send time is 1 November 2026, 08:00 WITA. */
export const SAVED_AT = new Date('2026-10-20T02:00:00Z')
export const at = (wita: string) => new Date(`${wita}+08:00`)
export const SEND_TIME = at('2026-11-01T08:00:00')

export const SMTP_USER = 'jangkau-relay'
export const SMTP_PASS = 'rahasia smtp/2026'
/** Recipients at this domain are refused by the test SMTP server (550), like an unknown mailbox. */
export const REFUSED_DOMAIN = 'ditolak.example'

export interface Received {
  envelopeFrom: string
  envelopeTo: string[]
  auth: { username: string; password: string } | null
  mail: ParsedMail
}

export interface TestSmtp {
  port: number
  received: Received[]
  /** Times a recipient was refused. */
  refusals: number
  close: () => Promise<void>
  /** Listens again on the same port after close (the mail server is back). */
  restart: () => Promise<void>
}

/** A real SMTP server on 127.0.0.1 (no TLS): takes AUTH PLAIN/LOGIN, refuses REFUSED_DOMAIN recipients, keeps every message. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const state: TestSmtp = { port, received: [], refusals: 0, close: async () => undefined, restart: async () => undefined }
  const listen = async (onPort: number) => {
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASS)
          return callback(null, { user: { username: auth.username, password: auth.password } })
        return callback(new Error('Invalid username or password'))
      },
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith(`@${REFUSED_DOMAIN}`)) {
          state.refusals++
          return callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }))
        }
        return callback()
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              const user = session.user as { username: string; password: string } | undefined
              state.received.push({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                auth: user ?? null,
                mail,
              })
              callback()
            },
            (error: Error) => callback(error),
          )
        })
      },
    })
    await new Promise<void>((done, fail) => {
      server.once('error', fail)
      server.listen(onPort, '127.0.0.1', () => done())
    })
    state.port = (server.server.address() as AddressInfo).port
    state.close = () => new Promise<void>((done) => server.close(() => done()))
  }
  await listen(port)
  state.restart = () => listen(state.port)
  return state
}

export const smtpUrl = (port: number) => `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${port}`

export type Caller = { headers: Record<string, string> }
export type Answer = { statusCode: number; body: string; json: () => unknown }

export const errorOf = (r: Answer) => ({ status: r.statusCode, code: (r.json() as { error?: { code?: string } }).error?.code })

/** One app with its clock, an admin and helpers for the report-schedule API. */
export async function appWith(config: Partial<Config>) {
  let now = SAVED_AT
  const t = await createTestApp({ clock: () => now, config: { reportScheduler: false, ...config } })
  // A token, not a session: sessions end 12 hours after sign-in by the app's clock, which these tests move by weeks.
  const admin = await createApiToken(t.app, { role: 'admin', name: 'Admin Laporan' })
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who: Caller = admin) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) })
  return {
    t,
    admin,
    api,
    setClock: (d: Date) => {
      now = d
    },
    /** A scheduler pass at `d`, the app's clock set to the same instant (the report reads it too). */
    runAt: (d: Date) => {
      now = d
      return runDueReports(t.app, d)
    },
    createSchedule: async (body: Record<string, unknown>) => {
      const r = await api('POST', '/api/report-schedules', body)
      expect(r.statusCode, r.body).toBe(201)
      return r.json() as ReportSchedule
    },
    deliveries: async (query = '') => {
      const r = await api('GET', `/api/report-deliveries${query}`)
      expect(r.statusCode, r.body).toBe(200)
      return (r.json() as { items: ReportDelivery[]; total: number }).items
    },
    reset: async () => {
      now = SAVED_AT
      await sql`truncate report_deliveries, report_schedules, audit_log restart identity cascade`.execute(t.app.db)
    },
  }
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes, base64url: the session id that goes into the cookie. */
export const newSessionId = () => randomBytes(32).toString('base64url')

/** The per-session CSRF token the dashboard sends back as X-CSRF-Token. */
export const newCsrfToken = () => randomBytes(32).toString('base64url')

/** An API token secret: "jk_" + 32 random bytes base64url. Shown once, stored only as sha256. */
export const newApiTokenSecret = () => `jk_${randomBytes(32).toString('base64url')}`

/** sha256 as hex: how session ids and token secrets are stored and looked up. */
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex')

/** String equality in constant time (for CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

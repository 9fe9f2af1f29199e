import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { PASSWORD_MIN_LENGTH } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { t } from '../i18n.ts'

/**
 * Passwords are stored as "scrypt$N$r$p$salt$hash" (salt and hash base64url). The parameters are in
 * the string so that they can be raised later without breaking stored hashes. N=2^15, r=8, p=3 is
 * one of OWASP's recommended scrypt settings: 32 MiB and about 0.1 to 0.3 s per check, slow for an
 * attacker and fine for a login.
 */
const PARAMS = { N: 32768, r: 8, p: 3 }
const KEY_LENGTH = 32
const SALT_LENGTH = 16

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await scryptAsync(password, salt, KEY_LENGTH, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** True when `password` matches `stored`; compares in constant time. False for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$')
  if (scheme !== 'scrypt' || !saltText || !keyText) return false
  const expected = Buffer.from(keyText, 'base64url')
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * A hash of a random password: login checks an unknown email against it so that a wrong email
 * takes as long as a wrong password (no account probing by timing).
 */
export const DUMMY_HASH_PROMISE: Promise<string> = hashPassword(randomBytes(16).toString('hex'))

/**
 * The password policy, kept simple on purpose: at least 10 characters, and not the email address
 * (case-insensitive). Length beats composition rules; the limit of 256 keeps scrypt's input bounded.
 * Throws 400 `weak_password`.
 */
export function assertPasswordAcceptable(password: string, email: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw badRequest(
      'weak_password',
      t(`Kata sandi minimal ${PASSWORD_MIN_LENGTH} karakter.`, `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`),
    )
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw badRequest('weak_password', t('Kata sandi tidak boleh sama dengan email.', 'The password must not be the email address.'))
  }
}

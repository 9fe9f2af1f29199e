/*
 * The patterns and limits of what people type: host names, slugs, email addresses, passwords (the
 * patterns of days and months are in calendar-day.ts). Patterns are JSON-schema strings (the TypeBox schemas use them as they are);
 * `matches` tests a value against one in the browser, so the forms refuse what the API refuses.
 */

/** True when `value` matches the pattern string (a JSON-schema `pattern`). */
export function matches(pattern: string, value: string): boolean {
  return new RegExp(pattern).test(value)
}

/** A lower-case host name without scheme or port ("diskominfo.kaltimprov.go.id"). */
export const HOSTNAME_PATTERN = '^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$'

/** A category slug: lower-case letters and digits, single hyphens between ("sosial-budaya"). */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

/** A sign-in email: something, one "@", something; no white space. */
export const USER_EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+$'

/** Passwords: at least 10 characters and not the account's email (checked by the server). */
export const PASSWORD_MIN_LENGTH = 10

/**
 * A plain mailbox address, as the report-schedule form and the server accept it: no display name,
 * no spaces, commas or quotes, a domain with a dot. Deliberately stricter than RFC 5322.
 */
const EMAIL_ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL_ADDRESS.test(value)
}

/** Addresses one report schedule may send to. */
export const MAX_REPORT_RECIPIENTS = 50

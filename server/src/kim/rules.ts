import { KIM_LIMITS } from '@jangkau/shared'
import { badRequest } from '../errors.ts'

/**
 * The KIM rules a schema cannot say (they need today's date or parse URLs), shared by the JSON
 * routes and the CSV import so both refuse the same input for the same reason.
 */

/** One refused field: `field` is the JSON field name ("officers.ketua" for nested ones). */
export interface FieldError {
  field: string
  code: string
  reason: string
  reasonEn: string
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day "YYYY-MM-DD" (not 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/** `day` ("YYYY-MM-DD") plus `n` days (negative: back). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/**
 * A KIM calendar day: real, not before 2000-01-01 and not after `today` (WITA). Strings compare in
 * calendar order because the format is fixed-width.
 */
export function checkDay(field: string, value: string, today: string): FieldError | null {
  if (!isCalendarDay(value)) {
    return { field, code: 'invalid_date', reason: `${field} bukan tanggal YYYY-MM-DD yang sah`, reasonEn: `${field} is not a valid YYYY-MM-DD date` }
  }
  if (value < KIM_LIMITS.earliestDate) {
    return { field, code: 'date_too_early', reason: `${field} sebelum tahun 2000`, reasonEn: `${field} is before 2000` }
  }
  if (value > today) {
    return { field, code: 'date_in_future', reason: `${field} setelah hari ini (${today} WITA)`, reasonEn: `${field} is after today (${today} WITA)` }
  }
  return null
}

/** True for an absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** Fields of a group that the rules look at; absent fields are not checked (PATCH). */
export interface GroupFields {
  name?: string
  decreeDate?: string | null
  formedOn?: string | null
  statusSince?: string
  channels?: string[]
}

export function checkGroupFields(group: GroupFields, today: string): FieldError[] {
  const errors: FieldError[] = []
  if (group.name !== undefined && group.name.trim() === '') {
    errors.push({ field: 'name', code: 'blank_name', reason: 'name kosong', reasonEn: 'name is blank' })
  }
  for (const field of ['decreeDate', 'formedOn', 'statusSince'] as const) {
    const value = group[field]
    if (value) {
      const error = checkDay(field, value, today)
      if (error) errors.push(error)
    }
  }
  for (const [i, channel] of (group.channels ?? []).entries()) {
    if (!isHttpUrl(channel.trim())) {
      errors.push({
        field: 'channels',
        code: 'invalid_channel',
        reason: `channels[${i + 1}] bukan alamat http(s): ${channel.slice(0, 100)}`,
        reasonEn: `channels[${i + 1}] is not an http(s) URL: ${channel.slice(0, 100)}`,
      })
    }
  }
  return errors
}

export interface ActivityFields {
  title?: string
  date?: string
  articleUrl?: string | null
}

export function checkActivityFields(activity: ActivityFields, today: string): FieldError[] {
  const errors: FieldError[] = []
  if (activity.title !== undefined && activity.title.trim() === '') {
    errors.push({ field: 'title', code: 'blank_title', reason: 'title kosong', reasonEn: 'title is blank' })
  }
  if (activity.date !== undefined) {
    const error = checkDay('date', activity.date, today)
    if (error) errors.push(error)
  }
  if (activity.articleUrl && !isHttpUrl(activity.articleUrl.trim())) {
    errors.push({ field: 'articleUrl', code: 'invalid_url', reason: 'articleUrl bukan alamat http(s)', reasonEn: 'articleUrl is not an http(s) URL' })
  }
  return errors
}

export const unknownVillage = (field: string, code: string): FieldError => ({
  field,
  code: 'unknown_village',
  reason: `${code} bukan kode desa/kelurahan Kemendagri di Kalimantan Timur`,
  reasonEn: `${code} is not a Kemendagri village (desa/kelurahan) code in East Kalimantan`,
})

export const unknownGroup = (field: string, id: number | string): FieldError => ({
  field,
  code: 'unknown_group',
  reason: `KIM dengan id ${id} tidak ada`,
  reasonEn: `no KIM group has id ${id}`,
})

/** A 400 for the JSON routes: the first error's code and message, every error in details. */
export function fieldErrorsToBadRequest(errors: FieldError[]): Error {
  const first = errors[0]!
  return badRequest(
    first.code,
    `${first.reason}. / ${first.reasonEn}.`,
    errors.map((e) => ({ field: e.field, code: e.code, reason: e.reason, reasonEn: e.reasonEn })),
  )
}

/** Trimmed text, or null when it is missing or only spaces. */
export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

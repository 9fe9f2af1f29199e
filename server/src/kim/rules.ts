import { isCalendarDay, KIM_LIMITS } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { bilingual, type Msg } from '../i18n.ts'

/**
 * The KIM rules a schema cannot say (they need today's date or parse URLs), shared by the JSON
 * routes and the CSV import so both refuse the same input for the same reason.
 */

/** One refused field: `field` is the JSON field name ("officers.ketua" for nested ones). */
export interface FieldError {
  field: string
  code: string
  reason: Msg
}

/**
 * A KIM calendar day: real, not before 2000-01-01 and not after `today` (WITA). Strings compare in
 * calendar order because the format is fixed-width.
 */
export function checkDay(field: string, value: string, today: string): FieldError | null {
  if (!isCalendarDay(value)) {
    return {
      field,
      code: 'invalid_date',
      reason: { id: `${field} bukan tanggal YYYY-MM-DD yang sah`, en: `${field} is not a valid YYYY-MM-DD date` },
    }
  }
  if (value < KIM_LIMITS.earliestDate) {
    return { field, code: 'date_too_early', reason: { id: `${field} sebelum tahun 2000`, en: `${field} is before 2000` } }
  }
  if (value > today) {
    return {
      field,
      code: 'date_in_future',
      reason: { id: `${field} setelah hari ini (${today} WITA)`, en: `${field} is after today (${today} WITA)` },
    }
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
    errors.push({ field: 'name', code: 'blank_name', reason: { id: 'name kosong', en: 'name is blank' } })
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
        reason: {
          id: `channels[${i + 1}] bukan alamat http(s): ${channel.slice(0, 100)}`,
          en: `channels[${i + 1}] is not an http(s) URL: ${channel.slice(0, 100)}`,
        },
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
    errors.push({ field: 'title', code: 'blank_title', reason: { id: 'title kosong', en: 'title is blank' } })
  }
  if (activity.date !== undefined) {
    const error = checkDay('date', activity.date, today)
    if (error) errors.push(error)
  }
  if (activity.articleUrl && !isHttpUrl(activity.articleUrl.trim())) {
    errors.push({
      field: 'articleUrl',
      code: 'invalid_url',
      reason: { id: 'articleUrl bukan alamat http(s)', en: 'articleUrl is not an http(s) URL' },
    })
  }
  return errors
}

export const unknownVillage = (field: string, code: string): FieldError => ({
  field,
  code: 'unknown_village',
  reason: {
    id: `${code} bukan kode desa/kelurahan Kemendagri di Kalimantan Timur`,
    en: `${code} is not a Kemendagri village (desa/kelurahan) code in East Kalimantan`,
  },
})

export const unknownGroup = (field: string, id: number | string): FieldError => ({
  field,
  code: 'unknown_group',
  reason: { id: `KIM dengan id ${id} tidak ada`, en: `no KIM group has id ${id}` },
})

/** A 400 for the JSON routes: the first error's code and message, every error in details. */
export function fieldErrorsToBadRequest(errors: FieldError[]): Error {
  const first = errors[0]!
  return badRequest(
    first.code,
    bilingual({ id: `${first.reason.id}.`, en: `${first.reason.en}.` }),
    errors.map((e) => ({ field: e.field, code: e.code, reason: e.reason.id, reasonEn: e.reason.en })),
  )
}

/** Trimmed text, or null when it is missing or only spaces. */
export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

import type {
  KimActivity,
  KimActivityInput,
  KimActivityPatch,
  KimActivityType,
  KimBudget,
  KimGroup,
  KimGroupInput,
  KimGroupPatch,
  KimStatus,
} from '@jangkau/shared'
import { KIM_LIMITS, regencyOf, VILLAGE_CODE_PATTERN } from '@jangkau/shared/vocab'
import { isDay } from './dates.ts'

// Checks of the KIM forms before they are sent: the same rules the server applies, so people see
// mistakes next to the field at once. The server checks again (and decides); its answer is shown too.

/** Why a field is refused: a key under `form.` in the dictionary. */
export type FieldError =
  | 'required'
  | 'villageCode'
  | 'notYourRegion'
  | 'date'
  | 'future'
  | 'beforeDecree'
  | 'wholeNumber'
  | 'url'
  | 'tooLong'

export interface GroupFormValues {
  name: string
  villageCode: string
  decreeNumber: string
  decreeDate: string
  formedOn: string
  status: KimStatus
  statusSince: string
  budget: KimBudget
  members: string
  ketua: string
  sekretaris: string
  bendahara: string
  /** One channel per line. */
  channels: string
  registrationNumber: string
}

export function emptyGroupForm(today: string): GroupFormValues {
  return {
    name: '',
    villageCode: '',
    decreeNumber: '',
    decreeDate: '',
    formedOn: '',
    status: 'aktif',
    statusSince: today,
    budget: 'belum diketahui',
    members: '',
    ketua: '',
    sekretaris: '',
    bendahara: '',
    channels: '',
    registrationNumber: '',
  }
}

export function groupFormFrom(g: KimGroup): GroupFormValues {
  return {
    name: g.name,
    villageCode: g.villageCode,
    decreeNumber: g.decreeNumber ?? '',
    decreeDate: g.decreeDate ?? '',
    formedOn: g.formedOn ?? '',
    status: g.status,
    statusSince: g.statusSince,
    budget: g.budget,
    members: String(g.members),
    ketua: g.officers.ketua ?? '',
    sekretaris: g.officers.sekretaris ?? '',
    bendahara: g.officers.bendahara ?? '',
    channels: g.channels.join('\n'),
    registrationNumber: g.registrationNumber ?? '',
  }
}

type Errors<T> = Partial<Record<keyof T, FieldError>>

const orNull = (s: string) => (s.trim() === '' ? null : s.trim())

function checkDay(value: string, today: string): FieldError | null {
  if (value === '') return null
  if (!isDay(value)) return 'date'
  if (value > today) return 'future'
  return null
}

function wholeNumber(value: string, max: number): number | FieldError | null {
  if (value.trim() === '') return null
  if (!/^\d+$/.test(value.trim())) return 'wholeNumber'
  const n = Number(value.trim())
  return n > max ? 'wholeNumber' : n
}

/**
 * The body of POST /api/kim/groups from the form, or the field errors. `regions` are the regencies
 * the person may write for (null = any, for admins): an operator's village must lie in one of them.
 */
export function validateGroupForm(
  v: GroupFormValues,
  today: string,
  regions: readonly string[] | null,
): { errors: Errors<GroupFormValues>; body: KimGroupInput | null } {
  const errors: Errors<GroupFormValues> = {}
  if (v.name.trim() === '') errors.name = 'required'
  else if (v.name.trim().length > KIM_LIMITS.nameLength) errors.name = 'tooLong'
  const village = v.villageCode.trim()
  if (village === '') errors.villageCode = 'required'
  else if (!new RegExp(VILLAGE_CODE_PATTERN).test(village)) errors.villageCode = 'villageCode'
  else if (regions !== null && !regions.includes(regencyOf(village) ?? '')) errors.villageCode = 'notYourRegion'
  for (const field of ['decreeDate', 'formedOn', 'statusSince'] as const) {
    const e = checkDay(v[field], today)
    if (e) errors[field] = e
  }
  if (v.statusSince === '') errors.statusSince = 'required'
  if (!errors.decreeDate && !errors.formedOn && v.decreeDate && v.formedOn && v.formedOn < v.decreeDate) errors.formedOn = 'beforeDecree'
  const members = wholeNumber(v.members, KIM_LIMITS.members)
  if (typeof members === 'string') errors.members = members
  const channels = v.channels
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
  if (channels.length > KIM_LIMITS.channels || channels.some((c) => !/^https?:\/\/\S+$/.test(c) || c.length > KIM_LIMITS.channelLength))
    errors.channels = 'url'
  if (Object.keys(errors).length > 0) return { errors, body: null }
  return {
    errors,
    body: {
      name: v.name.trim(),
      villageCode: village,
      decreeNumber: orNull(v.decreeNumber),
      decreeDate: orNull(v.decreeDate),
      formedOn: orNull(v.formedOn),
      status: v.status,
      statusSince: v.statusSince,
      budget: v.budget,
      members: typeof members === 'number' ? members : 0,
      officers: { ketua: orNull(v.ketua), sekretaris: orNull(v.sekretaris), bendahara: orNull(v.bendahara) },
      channels,
      registrationNumber: orNull(v.registrationNumber),
    },
  }
}

/**
 * Only what changed, for PATCH. `statusSince` goes along only when the status or the day itself
 * changed: sent alone it would "correct" the day the current status began.
 */
export function groupPatch(before: KimGroupInput, after: KimGroupInput): KimGroupPatch | null {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof KimGroupInput)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key]
  }
  if (patch.status !== undefined && patch.statusSince === undefined) patch.statusSince = after.statusSince
  return Object.keys(patch).length === 0 ? null : (patch as KimGroupPatch)
}

export interface ActivityFormValues {
  groupId: string
  type: KimActivityType | ''
  title: string
  date: string
  participants: string
  contentItems: string
  articleUrl: string
  notes: string
}

export function emptyActivityForm(groupId: string, today: string): ActivityFormValues {
  return { groupId, type: '', title: '', date: today, participants: '', contentItems: '', articleUrl: '', notes: '' }
}

/** The form filled with a stored activity, for /kim/kegiatan/:id/ubah. */
export function activityFormFrom(a: KimActivity): ActivityFormValues {
  return {
    groupId: String(a.groupId),
    type: a.type,
    title: a.title,
    date: a.date,
    participants: String(a.participants),
    contentItems: String(a.contentItems),
    articleUrl: a.articleUrl ?? '',
    notes: a.notes ?? '',
  }
}

/** Only what changed, for PATCH; null when nothing did. */
export function activityPatch(before: KimActivityInput, after: KimActivityInput): KimActivityPatch | null {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof KimActivityInput)[]) {
    if (after[key] !== before[key]) patch[key] = after[key]
  }
  return Object.keys(patch).length === 0 ? null : (patch as KimActivityPatch)
}

export function validateActivityForm(
  v: ActivityFormValues,
  today: string,
): { errors: Errors<ActivityFormValues>; body: KimActivityInput | null } {
  const errors: Errors<ActivityFormValues> = {}
  if (!/^\d+$/.test(v.groupId)) errors.groupId = 'required'
  if (v.type === '') errors.type = 'required'
  if (v.title.trim() === '') errors.title = 'required'
  else if (v.title.trim().length > KIM_LIMITS.titleLength) errors.title = 'tooLong'
  if (v.date === '') errors.date = 'required'
  else {
    const e = checkDay(v.date, today)
    if (e) errors.date = e
  }
  const participants = wholeNumber(v.participants, KIM_LIMITS.participants)
  if (typeof participants === 'string') errors.participants = participants
  const contentItems = wholeNumber(v.contentItems, KIM_LIMITS.contentItems)
  if (typeof contentItems === 'string') errors.contentItems = contentItems
  const url = v.articleUrl.trim()
  if (url && (!/^https?:\/\/\S+$/.test(url) || url.length > KIM_LIMITS.articleUrlLength)) errors.articleUrl = 'url'
  if (v.notes.length > KIM_LIMITS.notesLength) errors.notes = 'tooLong'
  if (Object.keys(errors).length > 0 || v.type === '') return { errors, body: null }
  return {
    errors,
    body: {
      groupId: Number(v.groupId),
      type: v.type,
      title: v.title.trim(),
      date: v.date,
      participants: typeof participants === 'number' ? participants : 0,
      contentItems: typeof contentItems === 'number' ? contentItems : 0,
      articleUrl: url || null,
      notes: orNull(v.notes),
    },
  }
}

/** A fresh Idempotency-Key for one activity form (crypto.randomUUID where the browser has it). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID()
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

import { describe, expect, it } from 'vitest'
import { groupTimeline } from '../../../web/src/data/kim-timeline.ts'
import {
  activityFormFrom,
  activityPatch,
  emptyActivityForm,
  emptyGroupForm,
  groupPatch,
  validateActivityForm,
  validateGroupForm,
} from '../../../web/src/data/kim-form.ts'
import { canWriteKim, safeReturnPath } from '../../../web/src/data/roles.ts'

const today = '2026-11-27'

describe('the KIM group form', () => {
  it('builds the API body from a filled form', () => {
    const form = {
      ...emptyGroupForm(today),
      name: ' KIM Teluk Singkama ',
      villageCode: '64.08.12.2004',
      decreeNumber: '141/12/2020',
      decreeDate: '2020-03-02',
      formedOn: '2020-03-02',
      status: 'vakum' as const,
      statusSince: '2022-01-10',
      budget: 'tidak' as const,
      members: '12',
      ketua: 'Ahmad',
      channels: 'https://facebook.com/kimtelukSingkama\n\n',
    }
    expect(validateGroupForm(form, today, ['64.08'])).toEqual({
      errors: {},
      body: {
        name: 'KIM Teluk Singkama',
        villageCode: '64.08.12.2004',
        decreeNumber: '141/12/2020',
        decreeDate: '2020-03-02',
        formedOn: '2020-03-02',
        status: 'vakum',
        statusSince: '2022-01-10',
        budget: 'tidak',
        members: 12,
        officers: { ketua: 'Ahmad', sekretaris: null, bendahara: null },
        channels: ['https://facebook.com/kimtelukSingkama'],
        registrationNumber: null,
      },
    })
  })

  it('says what is wrong, field by field', () => {
    const form = {
      ...emptyGroupForm(today),
      villageCode: '64.02.01.2001',
      decreeDate: '2026-12-01',
      formedOn: '2026-02-30',
      members: '-3',
      channels: 'facebook kami',
    }
    expect(validateGroupForm(form, today, ['64.08']).errors).toEqual({
      name: 'required',
      villageCode: 'notYourRegion',
      decreeDate: 'future',
      formedOn: 'date',
      members: 'wholeNumber',
      channels: 'url',
    })
    expect(validateGroupForm({ ...form, villageCode: '6408122004' }, today, null).errors.villageCode).toBe('villageCode')
    expect(
      validateGroupForm(
        { ...emptyGroupForm(today), name: 'x', villageCode: '64.08.12.2004', decreeDate: '2021-01-01', formedOn: '2020-01-01' },
        today,
        null,
      ).errors,
    ).toEqual({
      formedOn: 'beforeDecree',
    })
  })

  it('patches only what changed, and dates a status change', () => {
    const before = validateGroupForm({ ...emptyGroupForm('2024-01-01'), name: 'KIM A', villageCode: '64.08.12.2004' }, today, null).body!
    expect(groupPatch(before, { ...before })).toBeNull()
    expect(groupPatch(before, { ...before, members: 20 })).toEqual({ members: 20 })
    expect(groupPatch(before, { ...before, status: 'vakum' })).toEqual({ status: 'vakum', statusSince: '2024-01-01' })
    expect(groupPatch(before, { ...before, status: 'vakum', statusSince: '2026-11-01' })).toEqual({
      status: 'vakum',
      statusSince: '2026-11-01',
    })
    expect(groupPatch(before, { ...before, officers: { ketua: 'Budi', sekretaris: null, bendahara: null } })).toEqual({
      officers: { ketua: 'Budi', sekretaris: null, bendahara: null },
    })
  })
})

describe('the KIM activity form', () => {
  it('builds the body, with zeros for empty counts', () => {
    const form = { ...emptyActivityForm('7', today), type: 'bimtek' as const, title: 'Bimtek Dunia Digital', date: '2022-04-19' }
    expect(validateActivityForm(form, today)).toEqual({
      errors: {},
      body: {
        groupId: 7,
        type: 'bimtek',
        title: 'Bimtek Dunia Digital',
        date: '2022-04-19',
        participants: 0,
        contentItems: 0,
        articleUrl: null,
        notes: null,
      },
    })
  })

  it('refuses a missing group, a future day and a non-URL link', () => {
    const form = {
      ...emptyActivityForm('', today),
      title: 'x',
      date: '2026-11-28',
      participants: '1.5',
      articleUrl: 'diskominfo.kaltimprov.go.id/berita',
    }
    expect(validateActivityForm(form, today)).toEqual({
      errors: { groupId: 'required', type: 'required', date: 'future', participants: 'wholeNumber', articleUrl: 'url' },
      body: null,
    })
  })
})

describe('editing a KIM activity', () => {
  const stored = {
    id: 41,
    groupId: 7,
    groupName: 'KIM Teluk Singkama',
    regionCode: '64.08',
    type: 'bimtek' as const,
    title: 'Bimtek Dunia Digital',
    date: '2021-10-12',
    participants: 25,
    contentItems: 3,
    articleUrl: null,
    notes: 'Di balai desa',
    createdAt: '2021-10-12T08:00:00.000Z',
  }

  it('fills the form with the stored activity and sends only what changed', () => {
    const original = activityFormFrom(stored)
    expect(original).toEqual({
      groupId: '7',
      type: 'bimtek',
      title: 'Bimtek Dunia Digital',
      date: '2021-10-12',
      participants: '25',
      contentItems: '3',
      articleUrl: '',
      notes: 'Di balai desa',
    })
    const before = validateActivityForm(original, today).body!
    const after = validateActivityForm({ ...original, participants: '31', notes: '' }, today).body!
    expect(activityPatch(before, after)).toEqual({ participants: 31, notes: null })
    expect(activityPatch(before, before)).toBeNull()
  })
})

describe('groupTimeline', () => {
  it('lists status changes and activities newest first, the status change on top of its day', () => {
    const timeline = groupTimeline(
      [
        { status: 'aktif', changedOn: '2020-03-02' },
        { status: 'vakum', changedOn: '2022-04-20' },
      ],
      [
        { id: 1, type: 'bimtek', title: 'Bimtek Dunia Digital', date: '2022-04-20', participants: 12, contentItems: 3 },
        { id: 2, type: 'sosialisasi', title: 'Sosialisasi UU KIP', date: '2021-05-01', participants: 30, contentItems: 0 },
        { id: 3, type: 'rapat_koordinasi', title: 'Rapat', date: '2022-04-20', participants: 5, contentItems: 0 },
      ],
    )
    expect(timeline.map((e) => (e.kind === 'status' ? `${e.date} status ${e.status}` : `${e.date} #${e.id}`))).toEqual([
      '2022-04-20 status vakum',
      '2022-04-20 #3',
      '2022-04-20 #1',
      '2021-05-01 #2',
      '2020-03-02 status aktif',
    ])
  })
})

describe('roles in the UI', () => {
  it('offers KIM forms to admins anywhere and to operators in their regencies only', () => {
    expect(canWriteKim({ role: 'admin', regions: [] }, '64.02')).toBe(true)
    expect(canWriteKim({ role: 'operator', regions: ['64.08'] }, '64.08')).toBe(true)
    expect(canWriteKim({ role: 'operator', regions: ['64.08'] }, '64.02')).toBe(false)
    expect(canWriteKim({ role: 'operator', regions: [] })).toBe(false)
    expect(canWriteKim({ role: 'viewer', regions: ['64.08'] }, '64.08')).toBe(false)
    expect(canWriteKim(null)).toBe(false)
  })

  it('returns after login only to a path on this site', () => {
    expect(safeReturnPath('/wilayah?periode=7-hari')).toBe('/wilayah?periode=7-hari')
    expect(safeReturnPath('//evil.example/x')).toBeNull()
    expect(safeReturnPath('https://evil.example')).toBeNull()
    expect(safeReturnPath('/\\evil.example')).toBeNull()
    expect(safeReturnPath('/masuk')).toBeNull()
    expect(safeReturnPath(null)).toBeNull()
  })
})

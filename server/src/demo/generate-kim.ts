import { addDays, daysBetween, type KimBudget, type KimStatus } from '@jangkau/shared'
import type { Village } from '../queries/regions.ts'
import {
  ACTIVITY_TEMPLATES,
  ACTIVITY_TYPES,
  BIMTEK_DUNIA_DIGITAL,
  DEMO_REGENCIES,
  FAMILY_NAMES,
  FIRST_NAMES_FEMALE,
  FIRST_NAMES_MALE,
  KUTIM_2020_KIM,
  SEED_ARTICLE,
  type DemoRegency,
} from './catalog.ts'
import { type Random, Weighted } from './random.ts'
import type { DemoKimActivity, DemoKimGroup } from './generate.ts'
import { groupVillages, slugOf } from './generate-articles.ts'

// The demo's KIM groups and their activities (generate.ts).

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']
const NAME_WORDS = ['Mandiri', 'Bersatu', 'Cerdas', 'Harapan', 'Sejahtera', 'Bina Warta', 'Sehati']
const ACTIVITY_CHOICES = new Weighted(ACTIVITY_TYPES.map((t) => [t, t.weight] as const))

export function generateKimGroups(random: Random, today: string, villages: Map<string, Village>): DemoKimGroup[] {
  const villagesByRegency = groupVillages(villages)
  const groups: DemoKimGroup[] = []
  for (const regency of DEMO_REGENCIES) {
    const fixed = regency.code === '64.08' ? KUTIM_2020_KIM : []
    const reserved = new Set<string>(fixed.map((k) => k.villageCode))
    const candidates = random.shuffle((villagesByRegency.get(regency.code) ?? []).filter((v) => !reserved.has(v.code)))
    for (const kim of fixed) {
      const village = villages.get(kim.villageCode)
      if (!village) throw new Error(`village ${kim.villageCode} is missing from regions`)
      const group = newGroup(random, regency, village, kim.formedOn, today, `KIM ${village.name}`)
      group.history = kim.history.map((h) => ({ ...h }))
      group.budget = kim.budget
      group.decreeNumber = decreeNumber(random, village, kim.formedOn) // every one of them has its SK
      group.activities = activitiesFor(random, group, regency, today)
      groups.push(group)
    }
    // Later groups of Kutim came after the three of 2020 (the seed article, April 2022).
    const firstYear = regency.code === '64.08' ? 2023 : regency.kimSince
    for (let i = fixed.length; i < regency.kimGroups; i++) {
      const village = candidates.pop()
      if (!village) break
      const from = `${firstYear}-01-01`
      const until = addDays(today, -90)
      const formedOn = addDays(from, random.int(0, Math.max(0, daysBetween(from, until))))
      const name = random.chance(0.2) ? `KIM ${random.pick(NAME_WORDS)} ${village.name}` : `KIM ${village.name}`
      const group = newGroup(random, regency, village, formedOn, today, name)
      group.activities = activitiesFor(random, group, regency, today)
      groups.push(group)
    }
  }
  // The Bimtek of the seed article, told by the head of IKP of Kutim.
  const singkama = groups.find((g) => g.village.code === BIMTEK_DUNIA_DIGITAL.villageCode)!
  singkama.activities.push({
    type: BIMTEK_DUNIA_DIGITAL.type,
    title: BIMTEK_DUNIA_DIGITAL.title,
    date: BIMTEK_DUNIA_DIGITAL.date,
    participants: BIMTEK_DUNIA_DIGITAL.participants,
    contentItems: BIMTEK_DUNIA_DIGITAL.contentItems,
    articleUrl: SEED_ARTICLE.url,
    notes: BIMTEK_DUNIA_DIGITAL.notes,
  })
  singkama.activities.sort((a, b) => (a.date < b.date ? -1 : 1))
  return groups
}

function newGroup(random: Random, regency: DemoRegency, village: Village, formedOn: string, today: string, name: string): DemoKimGroup {
  const history = statusHistory(random, formedOn, today)
  const status = history[history.length - 1]!.status
  const budget: KimBudget =
    status === 'aktif'
      ? random.weighted([
          ['ya', 65],
          ['belum diketahui', 35],
        ])
      : status === 'vakum'
        ? random.weighted([
            ['tidak', 85],
            ['belum diketahui', 15],
          ])
        : 'tidak'
  const handle = slugOf(village.name).replaceAll('-', '')
  const channels = [
    `https://www.facebook.com/kim.${handle}`,
    `https://www.instagram.com/kim_${handle}`,
    `https://www.youtube.com/@kim${handle}`,
  ].slice(
    0,
    random.weighted([
      [0, 1],
      [1, 4],
      [2, 3],
      [3, 2],
    ]),
  )
  return {
    name,
    village,
    decreeNumber: random.chance(0.85) ? decreeNumber(random, village, formedOn) : null,
    decreeDate: formedOn,
    formedOn,
    history,
    budget,
    members: random.int(5, regency.code === '64.02' ? 35 : 25),
    officers: { ketua: personName(random), sekretaris: personName(random), bendahara: random.chance(0.9) ? personName(random) : null },
    channels,
    registrationNumber: random.chance(0.6) ? `KIM-${regency.code.replace('.', '')}-${String(random.int(1, 999)).padStart(3, '0')}` : null,
    activities: [],
  }
}

/** Active from formation; some fall dormant (no budget), of which some recover and a few disband. */
function statusHistory(random: Random, formedOn: string, today: string): { status: KimStatus; on: string }[] {
  const history: { status: KimStatus; on: string }[] = [{ status: 'aktif', on: formedOn }]
  const room = daysBetween(addDays(formedOn, 180), addDays(today, -30))
  if (room <= 0 || !random.chance(0.3)) return history
  const dormant = addDays(formedOn, 180 + random.int(0, room))
  history.push({ status: 'vakum', on: dormant })
  const roll = random.next()
  if (roll < 0.45) {
    const back = addDays(dormant, random.int(120, 500))
    if (back <= addDays(today, -7)) history.push({ status: 'aktif', on: back })
  } else if (roll < 0.6) {
    const end = addDays(dormant, random.int(200, 600))
    if (end <= today) history.push({ status: 'bubar', on: end })
  }
  return history
}

/** Activities on days the group was active: a lively group holds many a year, a quiet one few. */
function activitiesFor(random: Random, group: DemoKimGroup, regency: DemoRegency, today: string): DemoKimActivity[] {
  const perYear = random.int(2, 9)
  const activities: DemoKimActivity[] = []
  group.history.forEach((entry, i) => {
    if (entry.status !== 'aktif') return
    const next = group.history[i + 1]
    const last = next ? addDays(next.on, -1) : today
    const days = daysBetween(entry.on, last)
    if (days < 0) return
    const count = Math.round((perYear * days) / 365)
    for (let k = 0; k < count; k++) {
      const date = addDays(entry.on, random.int(0, days))
      const kind = ACTIVITY_CHOICES.draw(random)
      const title = random.pick(ACTIVITY_TEMPLATES[kind.type]).replaceAll('{short}', regency.short).replaceAll('{year}', date.slice(0, 4))
      activities.push({
        type: kind.type,
        title,
        date,
        participants: random.int(...kind.participants),
        contentItems: random.int(...kind.content),
        articleUrl: null,
        notes: null,
      })
    }
  })
  return activities.sort((a, b) => (a.date < b.date ? -1 : 1))
}

/** "07/SK/KADES-TS/IX/2020": number, decree of the village head (lurah for a kelurahan), month, year. */
function decreeNumber(random: Random, village: Village, day: string): string {
  // Kemendagri village codes: 1xxx is a kelurahan, 2xxx a desa.
  const issuer = village.code.split('.')[3]?.startsWith('1') ? 'LURAH' : 'KADES'
  const initials = village.name
    .split(/\s+/)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('')
  return (
    `${String(random.int(1, 60)).padStart(2, '0')}/SK/${issuer}-${initials}/` +
    `${ROMAN_MONTHS[Number(day.slice(5, 7)) - 1]}/${day.slice(0, 4)}`
  )
}

function personName(random: Random): string {
  const first = random.chance(0.5) ? random.pick(FIRST_NAMES_MALE) : random.pick(FIRST_NAMES_FEMALE)
  return `${first} ${random.pick(FAMILY_NAMES)}`
}

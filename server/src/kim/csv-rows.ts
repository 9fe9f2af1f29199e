import {
  KIM_ACTIVITY_TYPES,
  KIM_BUDGETS,
  KIM_LIMITS,
  KIM_STATUSES,
  type ImportRowError,
  type KimActivityType,
  type KimBudget,
  type KimStatus,
} from '@jangkau/shared'
import { assertRegionWritable } from '../auth/policy.ts'
import { type CsvRow, rowError } from '../csv/read-csv.ts'
import type { Actor } from '../db/actor.ts'
import type { Msg } from '../i18n.ts'
import type { KimActivityValues } from '../queries/kim-activities.ts'
import type { KimGroupValues } from '../queries/kim-groups.ts'
import type { Village } from '../queries/regions.ts'
import { checkActivityFields, checkGroupFields, type FieldError, unknownGroup, unknownVillage } from './rules.ts'

/**
 * CSV rows of the KIM import → stored values. A cell is text; each reader turns it into a typed
 * value or records why it cannot (in Indonesian and English, with line and column), then the same
 * rules as the JSON API run (rules.ts). A row with any error yields no value.
 */

const choiceKey = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ')
const lookups = new WeakMap<readonly string[], Map<string, string>>()
/** choiceKey → value for a list of allowed values, built once per list (imports read 50,000 rows). */
function lookupOf(values: readonly string[]): Map<string, string> {
  let lookup = lookups.get(values)
  if (!lookup) {
    lookup = new Map(values.map((v) => [choiceKey(v), v]))
    lookups.set(values, lookup)
  }
  return lookup
}

/** Reads the cells of one row, collecting errors. Blank cells are "not given". */
class CellReader {
  readonly errors: ImportRowError[] = []
  constructor(private readonly row: CsvRow) {}

  private fail(column: string, why: Msg): undefined {
    this.errors.push(rowError(this.row.line, column, why))
    return undefined
  }

  fieldErrors(errors: FieldError[]): void {
    for (const e of errors) this.errors.push(rowError(this.row.line, e.field, e.reason))
  }

  /** Trimmed text; null when blank. Text is stored as written (a "=HYPERLINK(…)" stays text). */
  text(column: string, maxLength: number): string | null {
    const value = this.row.cells.get(column)?.trim() ?? ''
    if (value === '') return null
    if (value.length > maxLength)
      return this.fail(column, { id: `lebih dari ${maxLength} karakter`, en: `longer than ${maxLength} characters` }) ?? null
    return value
  }

  requiredText(column: string, maxLength: number): string | undefined {
    const value = this.text(column, maxLength)
    if (value === null && !this.errors.some((e) => e.column === column)) return this.fail(column, { id: 'wajib diisi', en: 'required' })
    return value ?? undefined
  }

  /** A whole number in min..max written with digits only; `fallback` when blank. */
  integer(column: string, min: number, max: number, fallback: number | undefined): number | undefined {
    const value = this.row.cells.get(column)?.trim() ?? ''
    if (value === '') return fallback ?? this.fail(column, { id: 'wajib diisi', en: 'required' })
    if (!/^-?\d{1,9}$/.test(value))
      return this.fail(column, { id: `"${value.slice(0, 40)}" bukan bilangan bulat`, en: `"${value.slice(0, 40)}" is not a whole number` })
    const n = Number(value)
    if (n < min || n > max) return this.fail(column, { id: `harus antara ${min} dan ${max}`, en: `must be between ${min} and ${max}` })
    return n
  }

  /** One of `values`, case-insensitive, spaces or hyphens allowed for "_" ("Produksi Konten"). */
  oneOf<T extends string>(column: string, values: readonly T[], fallback: T | undefined): T | undefined {
    const raw = this.row.cells.get(column)?.trim() ?? ''
    if (raw === '') return fallback ?? this.fail(column, { id: 'wajib diisi', en: 'required' })
    const found = lookupOf(values).get(choiceKey(raw)) as T | undefined
    return (
      found ??
      this.fail(column, {
        id: `"${raw.slice(0, 40)}" tidak dikenal; pilih: ${values.join(', ')}`,
        en: `"${raw.slice(0, 40)}" is unknown; use one of: ${values.join(', ')}`,
      })
    )
  }

  /**
   * A calendar day as "YYYY-MM-DD" or, as Excel shows dates in Indonesia, "DD/MM/YYYY"; null when
   * blank. Range checks (not in the future, not before 2000) are the rules' job.
   */
  day(column: string): string | null | undefined {
    const raw = this.row.cells.get(column)?.trim() ?? ''
    if (raw === '') return null
    const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw)
    if (local) return `${local[3]}-${local[2]!.padStart(2, '0')}-${local[1]!.padStart(2, '0')}`
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw
    return this.fail(column, {
      id: `"${raw.slice(0, 40)}" bukan tanggal (YYYY-MM-DD atau DD/MM/YYYY)`,
      en: `"${raw.slice(0, 40)}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`,
    })
  }

  /** URLs separated by spaces or "|". */
  list(column: string, maxItems: number, maxLength: number): string[] {
    const items = (this.row.cells.get(column) ?? '').split(/[\s|]+/).filter(Boolean)
    if (items.length > maxItems) this.fail(column, { id: `lebih dari ${maxItems} alamat`, en: `more than ${maxItems} addresses` })
    else if (items.some((i) => i.length > maxLength))
      this.fail(column, { id: `alamat lebih dari ${maxLength} karakter`, en: `an address is longer than ${maxLength} characters` })
    return items
  }

  /** Operators import only rows of their regencies. */
  regionWritable(column: string, actor: Actor | null, regionCode: string): void {
    try {
      assertRegionWritable(actor, regionCode)
    } catch {
      this.fail(column, {
        id: `Anda tidak berwenang mengubah data wilayah ${regionCode}`,
        en: `you may not change data of region ${regionCode}`,
      })
    }
  }
}

export interface RowResult<T> {
  value?: T
  errors: ImportRowError[]
}

export function groupFromCsv(
  row: CsvRow,
  ctx: { today: string; villages: Map<string, Village>; actor: Actor | null },
): RowResult<KimGroupValues> {
  const read = new CellReader(row)
  const name = read.requiredText('name', KIM_LIMITS.nameLength)
  const villageCode = read.requiredText('villageCode', 30)
  const village = villageCode ? ctx.villages.get(villageCode) : undefined
  if (villageCode && !village) read.fieldErrors([unknownVillage('villageCode', villageCode)])
  if (village) read.regionWritable('villageCode', ctx.actor, village.regionCode)
  const group = {
    name,
    decreeNumber: read.text('decreeNumber', KIM_LIMITS.decreeNumberLength),
    decreeDate: read.day('decreeDate'),
    formedOn: read.day('formedOn'),
    status: read.oneOf<KimStatus>('status', KIM_STATUSES, 'aktif'),
    statusSince: read.day('statusSince') ?? ctx.today,
    budget: read.oneOf<KimBudget>('budget', KIM_BUDGETS, 'belum diketahui'),
    members: read.integer('members', 0, KIM_LIMITS.members, 0),
    officers: {
      ketua: read.text('ketua', KIM_LIMITS.officerLength),
      sekretaris: read.text('sekretaris', KIM_LIMITS.officerLength),
      bendahara: read.text('bendahara', KIM_LIMITS.officerLength),
    },
    channels: read.list('channels', KIM_LIMITS.channels, KIM_LIMITS.channelLength),
    registrationNumber: read.text('registrationNumber', KIM_LIMITS.registrationNumberLength),
  }
  read.fieldErrors(
    checkGroupFields(
      {
        decreeDate: group.decreeDate ?? null,
        formedOn: group.formedOn ?? null,
        statusSince: group.statusSince,
        channels: group.channels,
      },
      ctx.today,
    ),
  )
  if (read.errors.length > 0 || !village || name === undefined) return { errors: read.errors }
  return {
    errors: [],
    value: {
      ...group,
      name,
      villageCode: village.code,
      districtCode: village.districtCode,
      regionCode: village.regionCode,
      decreeDate: group.decreeDate ?? null,
      formedOn: group.formedOn ?? null,
      status: group.status!,
      budget: group.budget!,
      members: group.members!,
    },
  }
}

export function activityFromCsv(
  row: CsvRow,
  ctx: { today: string; groupRegions: Map<number, string>; actor: Actor | null },
): RowResult<KimActivityValues> {
  const read = new CellReader(row)
  const groupId = read.integer('groupId', 1, 2_147_483_647, undefined)
  const region = groupId === undefined ? undefined : ctx.groupRegions.get(groupId)
  if (groupId !== undefined && !region) read.fieldErrors([unknownGroup('groupId', groupId)])
  if (region) read.regionWritable('groupId', ctx.actor, region)
  const type = read.oneOf<KimActivityType>('type', KIM_ACTIVITY_TYPES, undefined)
  const title = read.requiredText('title', KIM_LIMITS.titleLength)
  const date = read.day('date')
  if (date === null) read.fieldErrors([{ field: 'date', code: 'required', reason: { id: 'wajib diisi', en: 'required' } }])
  const participants = read.integer('participants', 0, KIM_LIMITS.participants, 0)
  const contentItems = read.integer('contentItems', 0, KIM_LIMITS.contentItems, 0)
  const articleUrl = read.text('articleUrl', KIM_LIMITS.articleUrlLength)
  const notes = read.text('notes', KIM_LIMITS.notesLength)
  if (date) read.fieldErrors(checkActivityFields({ date, articleUrl }, ctx.today))
  if (read.errors.length > 0 || groupId === undefined || !type || !title || !date) return { errors: read.errors }
  return {
    errors: [],
    value: { groupId, type, title, date, participants: participants!, contentItems: contentItems!, articleUrl, notes },
  }
}

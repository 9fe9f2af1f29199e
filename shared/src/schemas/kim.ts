import { Type, type Static, type TLiteral, type TSchema, type TUnion } from 'typebox'
import {
  CALENDAR_DAY_PATTERN,
  KIM_ACTIVITY_TYPES,
  KIM_BUDGETS,
  KIM_IMPORT_KINDS,
  KIM_LIMITS,
  KIM_STATUSES,
  REGENCY_CODE_PATTERN,
} from '../vocab/index.ts'

// The KIM registry (Komunitas Informasi Masyarakat): groups, their activities, CSV import and the
// facts the dashboard shows. Calendar days are "YYYY-MM-DD" strings (WITA days as entered);
// instants (createdAt) are ISO 8601 UTC strings. The schemas check shapes and bounds; rules that need
// the database or today's date (the village exists, no date in the future) are checked by the server
// with their own error codes.

// The lists and limits (statuses, budgets, activity types, KIM_LIMITS, the import's columns) are in
// vocab/kim.ts, which the dashboard imports without TypeBox.

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
/** A union of the literals of one of vocab's lists: the same schema as the literals written out. */
type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K] & string> }
const literalsOf = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<Literals<T>>
const Day = Type.String({ pattern: CALENDAR_DAY_PATTERN, description: 'calendar day YYYY-MM-DD (WITA)' })
const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
}

export const KimStatus = literalsOf(KIM_STATUSES)
export type KimStatus = (typeof KIM_STATUSES)[number]
export const KimBudget = literalsOf(KIM_BUDGETS)
export type KimBudget = (typeof KIM_BUDGETS)[number]
export const KimActivityType = literalsOf(KIM_ACTIVITY_TYPES)
export type KimActivityType = (typeof KIM_ACTIVITY_TYPES)[number]

const OfficerName = Nullable(Type.String({ maxLength: KIM_LIMITS.officerLength }))

// ---------------------------------------------------------------------------------------------
// Groups

/** Body of POST /api/kim/groups. District and regency are derived from the village. */
export const KimGroupInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: KIM_LIMITS.nameLength }),
    /** Kemendagri village code ("64.08.12.2004") of a desa or kelurahan. */
    villageCode: Type.String({ minLength: 1, maxLength: 30 }),
    /** Number of the village head's decree (SK) that formed the group. */
    decreeNumber: Type.Optional(Nullable(Type.String({ maxLength: KIM_LIMITS.decreeNumberLength }))),
    decreeDate: Type.Optional(Nullable(Day)),
    formedOn: Type.Optional(Nullable(Day)),
    /** Default "aktif". */
    status: Type.Optional(KimStatus),
    /** The day the status began; default today (WITA). */
    statusSince: Type.Optional(Day),
    /** Default "belum diketahui". */
    budget: Type.Optional(KimBudget),
    members: Type.Optional(Type.Integer({ minimum: 0, maximum: KIM_LIMITS.members })),
    officers: Type.Optional(
      Type.Object(
        { ketua: Type.Optional(OfficerName), sekretaris: Type.Optional(OfficerName), bendahara: Type.Optional(OfficerName) },
        { additionalProperties: false },
      ),
    ),
    /** Social media channels: http(s) URLs. */
    channels: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: KIM_LIMITS.channelLength }), { maxItems: KIM_LIMITS.channels }),
    ),
    /** ID given by the national KIM portal. */
    registrationNumber: Type.Optional(Nullable(Type.String({ maxLength: KIM_LIMITS.registrationNumberLength }))),
  },
  { additionalProperties: false },
)
export type KimGroupInput = Static<typeof KimGroupInput>

/**
 * Body of PATCH /api/kim/groups/:id: any field of the input. `officers` is merged (only the named
 * officers change). `statusSince` with a new status dates the change; without one it corrects the
 * day the current status began.
 */
export const KimGroupPatch = Type.Partial(KimGroupInput, { minProperties: 1 })
export type KimGroupPatch = Static<typeof KimGroupPatch>

export const KimOfficers = Type.Object({
  ketua: Nullable(Type.String()),
  sekretaris: Nullable(Type.String()),
  bendahara: Nullable(Type.String()),
})
export type KimOfficers = Static<typeof KimOfficers>

export const KimGroup = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String(),
  districtCode: Type.String(),
  districtName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  decreeNumber: Nullable(Type.String()),
  decreeDate: Nullable(Type.String()),
  formedOn: Nullable(Type.String()),
  status: KimStatus,
  statusSince: Type.String(),
  budget: KimBudget,
  members: Type.Integer(),
  officers: KimOfficers,
  channels: Type.Array(Type.String()),
  registrationNumber: Nullable(Type.String()),
  /** Day of the group's latest activity, null when it has none. */
  lastActivityDate: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type KimGroup = Static<typeof KimGroup>

export const KimStatusChange = Type.Object({ status: KimStatus, changedOn: Type.String() })
export type KimStatusChange = Static<typeof KimStatusChange>

/** GET /api/kim/groups/:id: the group and every status it has had, oldest first. */
export const KimGroupDetail = Type.Object({ ...KimGroup.properties, statusHistory: Type.Array(KimStatusChange) })
export type KimGroupDetail = Static<typeof KimGroupDetail>

export const KimGroupQuery = Type.Object(
  {
    /** Regency code ("64.08"). */
    region: Type.Optional(Type.String({ pattern: REGENCY_CODE_PATTERN })),
    /** District code ("64.08.12"). */
    district: Type.Optional(Type.String({ pattern: '^64\\.\\d{2}\\.\\d{2}$' })),
    status: Type.Optional(KimStatus),
    /** Text in the name, village name, SK number or registration number. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    ...Page,
  },
  { additionalProperties: false },
)
export type KimGroupQuery = Static<typeof KimGroupQuery>

export const KimGroupList = Type.Object({ items: Type.Array(KimGroup), total: Type.Integer() })
export type KimGroupList = Static<typeof KimGroupList>

// ---------------------------------------------------------------------------------------------
// Activities

export const KimActivityInput = Type.Object(
  {
    groupId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    type: KimActivityType,
    title: Type.String({ minLength: 1, maxLength: KIM_LIMITS.titleLength }),
    /** The day it took place (WITA); not in the future. */
    date: Day,
    participants: Type.Optional(Type.Integer({ minimum: 0, maximum: KIM_LIMITS.participants })),
    /** Posts, videos or articles produced. */
    contentItems: Type.Optional(Type.Integer({ minimum: 0, maximum: KIM_LIMITS.contentItems })),
    /** Where it was reported (an http(s) URL). */
    articleUrl: Type.Optional(Nullable(Type.String({ maxLength: KIM_LIMITS.articleUrlLength }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: KIM_LIMITS.notesLength }))),
  },
  { additionalProperties: false },
)
export type KimActivityInput = Static<typeof KimActivityInput>

export const KimActivityPatch = Type.Partial(KimActivityInput, { minProperties: 1 })
export type KimActivityPatch = Static<typeof KimActivityPatch>

export const KimActivity = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  regionCode: Type.String(),
  type: KimActivityType,
  title: Type.String(),
  date: Type.String(),
  participants: Type.Integer(),
  contentItems: Type.Integer(),
  articleUrl: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
})
export type KimActivity = Static<typeof KimActivity>

export const KimActivityQuery = Type.Object(
  {
    group: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    region: Type.Optional(Type.String({ pattern: REGENCY_CODE_PATTERN })),
    type: Type.Optional(KimActivityType),
    /** First day, inclusive. */
    from: Type.Optional(Day),
    /** Last day, inclusive. */
    to: Type.Optional(Day),
    ...Page,
  },
  { additionalProperties: false },
)
export type KimActivityQuery = Static<typeof KimActivityQuery>

export const KimActivityList = Type.Object({ items: Type.Array(KimActivity), total: Type.Integer() })
export type KimActivityList = Static<typeof KimActivityList>

// ---------------------------------------------------------------------------------------------
// CSV import

export type KimImportKind = (typeof KIM_IMPORT_KINDS)[number]
const ImportKind = literalsOf(KIM_IMPORT_KINDS)

export const KimImportQuery = Type.Object(
  {
    kind: ImportKind,
    /** "1": validate now, then import in the background and answer 202 {jobId} to poll. */
    async: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  },
  { additionalProperties: false },
)
export type KimImportQuery = Static<typeof KimImportQuery>

export const KimImportTemplateQuery = Type.Object(
  {
    kind: ImportKind,
    /** Default "semicolon", what Excel in Indonesian locale reads; the import accepts both. */
    delimiter: Type.Optional(Type.Union([Type.Literal('comma'), Type.Literal('semicolon')])),
  },
  { additionalProperties: false },
)
export type KimImportTemplateQuery = Static<typeof KimImportTemplateQuery>

/** One refused row: the CSV line (1 = header), the column header and why, in Indonesian and English. */
export const ImportRowError = Type.Object({
  line: Type.Integer(),
  column: Nullable(Type.String()),
  reason: Type.String(),
  reasonEn: Type.String(),
})
export type ImportRowError = Static<typeof ImportRowError>

export const KimImportAnswer = Type.Object({ imported: Type.Integer() })
export type KimImportAnswer = Static<typeof KimImportAnswer>

export const KimImportAccepted = Type.Object({ jobId: Type.String(), total: Type.Integer() })
export type KimImportAccepted = Static<typeof KimImportAccepted>

export const KimImportJobParams = Type.Object({ jobId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }) })

/** GET /api/kim/import/:jobId. `processed` counts rows written so far (of `total`); all roll back on failure. */
export const KimImportJob = Type.Object({
  jobId: Type.String(),
  kind: ImportKind,
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  total: Type.Integer(),
  processed: Type.Integer(),
  imported: Type.Integer(),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
})
export type KimImportJob = Static<typeof KimImportJob>

// ---------------------------------------------------------------------------------------------
// Facts for the dashboard

export const KimFactsQuery = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: REGENCY_CODE_PATTERN })),
    /** Activities from this day (inclusive); default the first day of the month 11 months ago. */
    from: Type.Optional(Day),
    /** Activities up to this day (inclusive); default today (WITA). */
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
)
export type KimFactsQuery = Static<typeof KimFactsQuery>

/**
 * Village coverage today (WITA), the same numbers as the stats metrics of the same names for a range
 * ending today (GET /api/stats/summary?metrics=coverage,active_coverage).
 */
const VillageCoverage = Type.Object({
  /** Villages with a KIM that is not disbanded (aktif or vakum). */
  villagesWithKim: Type.Integer(),
  /** Villages with an active KIM. */
  villagesWithActiveKim: Type.Integer(),
  /** villagesWithKim / villages × 100, one decimal (0 without villages): the stats metric `coverage`. */
  coverage: Type.Number({
    description: 'percent of villages with a KIM that is not disbanded, today, one decimal (stats metric coverage)',
  }),
  /** villagesWithActiveKim / villages × 100, one decimal: the stats metric `active_coverage`. */
  active_coverage: Type.Number({
    description: 'percent of villages with an active KIM, today, one decimal (stats metric active_coverage)',
  }),
})

export const KimRegencyFacts = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  /** Groups by current status. */
  aktif: Type.Integer(),
  vakum: Type.Integer(),
  bubar: Type.Integer(),
  /** Villages of the regency (desa and kelurahan). */
  villages: Type.Integer(),
  ...VillageCoverage.properties,
})
export type KimRegencyFacts = Static<typeof KimRegencyFacts>

export const KimDormantCandidate = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  villageName: Type.String(),
  statusSince: Type.String(),
  /** Null when the group never recorded an activity. */
  lastActivityDate: Nullable(Type.String()),
})
export type KimDormantCandidate = Static<typeof KimDormantCandidate>

export const KimFacts = Type.Object({
  from: Type.String(),
  to: Type.String(),
  regencies: Type.Array(KimRegencyFacts),
  /**
   * The regencies listed, together: the province (or the one regency asked for), counted over all
   * its villages (not an average of the regencies' percents).
   */
  total: Type.Object({ villages: Type.Integer(), ...VillageCoverage.properties }),
  /**
   * Groups marked "aktif" for more than `dormantDays` days with no activity in the last
   * `dormantDays` days (counted back from today, WITA, not from `to`): candidates for "vakum".
   */
  dormantDays: Type.Integer(),
  dormantCandidates: Type.Array(KimDormantCandidate),
  byType: Type.Array(Type.Object({ type: KimActivityType, activities: Type.Integer(), participants: Type.Integer() })),
  /** Months ("YYYY-MM") that have activities, in order; months without any are absent. */
  byMonth: Type.Array(Type.Object({ month: Type.String(), activities: Type.Integer(), participants: Type.Integer() })),
})
export type KimFacts = Static<typeof KimFacts>

/*
 * The words and limits of the KIM registry (Komunitas Informasi Masyarakat): statuses, budgets,
 * activity types, import kinds, and the limits the JSON API, the CSV import and the dashboard's
 * forms all apply. The schemas in schemas/kim.ts are built from these lists.
 */

export const KIM_STATUSES = ['aktif', 'vakum', 'bubar'] as const
export const KIM_BUDGETS = ['ya', 'tidak', 'belum diketahui'] as const
export const KIM_ACTIVITY_TYPES = [
  'sosialisasi',
  'bimtek',
  'pelatihan',
  'produksi_konten',
  'rapat_koordinasi',
  'pembinaan',
  'monev',
  'lomba',
  'lainnya',
] as const
export const KIM_IMPORT_KINDS = ['groups', 'activities'] as const

/** Limits shared by the JSON API, the CSV import and the dashboard's forms. */
export const KIM_LIMITS = {
  nameLength: 200,
  decreeNumberLength: 200,
  officerLength: 200,
  registrationNumberLength: 100,
  members: 10_000,
  channels: 20,
  channelLength: 500,
  titleLength: 300,
  participants: 100_000,
  contentItems: 100_000,
  articleUrlLength: 2048,
  notesLength: 5000,
  /** No KIM date before this day (the registry starts with the 2010 regulation; 2000 leaves room). */
  earliestDate: '2000-01-01',
  /** A group with no activity in this many days is a candidate for "vakum". */
  dormantDays: 90,
} as const

/** Column headers of the import CSVs: the JSON field names; officers as three columns. */
export const KIM_IMPORT_COLUMNS = {
  groups: [
    'name',
    'villageCode',
    'decreeNumber',
    'decreeDate',
    'formedOn',
    'status',
    'statusSince',
    'budget',
    'members',
    'ketua',
    'sekretaris',
    'bendahara',
    'channels',
    'registrationNumber',
  ],
  activities: ['groupId', 'type', 'title', 'date', 'participants', 'contentItems', 'articleUrl', 'notes'],
} as const

/** Largest CSV the import takes (bytes); larger bodies get 413. */
export const KIM_IMPORT_MAX_BYTES = 10 * 1024 * 1024

/** Idempotency-Key header of POST /api/kim/activities: any visible ASCII, up to 200 characters. */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,200}$'

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  KIM_IMPORT_COLUMNS,
  KIM_IMPORT_MAX_BYTES,
  KimImportAccepted,
  KimImportAnswer,
  KimImportJob,
  KimImportJobParams,
  KimImportQuery,
  KimImportTemplateQuery,
  type ImportRowError,
  type KimImportKind,
} from '@jangkau/shared'
import { stringify } from 'csv-stringify/sync'
import { Type } from 'typebox'
import { acceptCsvBodies, isCsvRequest } from '../../csv/csv-body.ts'
import { invalidRows, readCsv, type CsvRow } from '../../csv/read-csv.ts'
import type { Actor } from '../../db/actor.ts'
import type { Db } from '../../db/kysely.ts'
import { AppError } from '../../errors.ts'
import { t } from '../../i18n.ts'
import { activityFromCsv, groupFromCsv } from '../../kim/csv-rows.ts'
import { ImportJobs } from '../../kim/import-jobs.ts'
import { today } from '../../kim/today.ts'
import { importKimActivities } from '../../queries/import-kim-activities.ts'
import { importKimGroups } from '../../queries/import-kim-groups.ts'
import type { KimActivityValues } from '../../queries/kim-activities.ts'
import { getKimGroupRegions, type KimGroupValues } from '../../queries/kim-groups.ts'
import { listVillages } from '../../queries/regions.ts'
import { auditedWrite, conflictError, type Conflicts } from '../audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody }

const REQUIRED = { groups: ['name', 'villageCode'], activities: ['groupId', 'type', 'title', 'date'] } as const

/** The example row of each template: the Kutai Timur KIM of the seed article and its Bimtek. */
const EXAMPLES: Record<KimImportKind, string[]> = {
  groups: [
    'KIM Teluk Singkama',
    '64.08.12.2004',
    '141/05/KPTS/2020',
    '2020-03-02',
    '2020-03-02',
    'aktif',
    '2020-03-02',
    'tidak',
    '15',
    'Nama Ketua',
    'Nama Sekretaris',
    'Nama Bendahara',
    'https://www.facebook.com/kimteluksingkama | https://www.instagram.com/kimteluksingkama',
    '',
  ],
  activities: ['1', 'bimtek', 'Bimtek Dunia Digital', '2022-04-20', '25', '3', 'https://diskominfo.kaltimprov.go.id/berita/contoh', ''],
}

/**
 * A group deleted between the check and the write makes the foreign key refuse the lot: 409, nothing
 * stored, the upload can be retried. Answered by the route, or recorded as the background job's error.
 */
const changedMeanwhile: Conflicts = {
  foreignKey: {
    code: 'changed_meanwhile',
    message: t(
      'Data KIM berubah selama impor; tidak ada yang disimpan, ulangi.',
      'KIM data changed during the import; nothing was stored, try again.',
    ),
  },
}

type Validated = { kind: 'groups'; values: KimGroupValues[] } | { kind: 'activities'; values: KimActivityValues[] }

/**
 * CSV import of KIM groups or activities: every row is checked first, then all rows are stored in
 * one transaction, or none. Operators may import rows of their regencies only. `?async=1` answers
 * 202 {jobId} after the check and writes in the background; GET /api/kim/import/:jobId reports
 * progress. Templates with the right header: GET /api/kim/import/template?kind=….
 */
const kimImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptCsvBodies(app)
  const jobs = new ImportJobs(app.log, (error) => conflictError(error, changedMeanwhile))
  app.addHook('preClose', async () => jobs.drain())
  const ownerOf = (actor: Actor | null) => (actor ? `${actor.kind}:${actor.id}` : 'anonymous')

  /** Reads and checks the whole file; throws 400 `invalid_rows` listing every problem. */
  async function validate(kind: KimImportKind, text: string, actor: Actor | null): Promise<Validated> {
    const { rows, errors: problems } = readCsv(text, { columns: KIM_IMPORT_COLUMNS[kind], required: REQUIRED[kind] })
    const day = today(app)
    const collect = <T>(results: { value?: T; errors: ImportRowError[] }[]) => {
      problems.push(...results.flatMap((r) => r.errors))
      return results.flatMap((r) => (r.value ? [r.value] : []))
    }
    let validated: Validated
    if (kind === 'groups') {
      const villages = await listVillages(app.db)
      validated = { kind, values: collect(rows.map((row) => groupFromCsv(row, { today: day, villages, actor }))) }
    } else {
      const groupRegions = await getKimGroupRegions(app.db, groupIdsIn(rows))
      validated = { kind, values: collect(rows.map((row) => activityFromCsv(row, { today: day, groupRegions, actor }))) }
    }
    if (problems.length > 0) throw invalidRows(problems.sort((a, b) => a.line - b.line))
    return validated
  }

  /** Writes validated rows and the audit entry in one transaction (a foreign-key refusal: `changedMeanwhile`). */
  function store(db: Db, validated: Validated, actor: Actor | null, progress?: (written: number) => void): Promise<number> {
    return auditedWrite(db, actor, validated.kind === 'groups' ? 'kim_group' : 'kim_activity', async (trx) => {
      const imported =
        validated.kind === 'groups'
          ? await importKimGroups(trx, validated.values, app.clock(), progress)
          : await importKimActivities(trx, validated.values, app.clock(), progress)
      return { answer: imported, entry: { action: 'import', entityId: null, before: null, after: { kind: validated.kind, imported } } }
    })
  }

  app.post(
    '/api/kim/import',
    {
      config: { access: 'kim:write', conflicts: changedMeanwhile },
      bodyLimit: KIM_IMPORT_MAX_BYTES,
      // Before the body schema runs: a JSON body is the wrong kind of file, not a malformed one.
      preValidation: async (request) => {
        if (!isCsvRequest(request.headers['content-type'])) {
          throw new AppError(
            415,
            'unsupported_media_type',
            t('Kirim berkas CSV (Content-Type: text/csv).', 'Send a CSV file (Content-Type: text/csv).'),
          )
        }
      },
      schema: {
        tags: ['kim'],
        querystring: KimImportQuery,
        body: Type.String({ description: 'CSV (Content-Type: text/csv), UTF-8, comma or semicolon' }),
        response: { 201: KimImportAnswer, 202: KimImportAccepted, ...errors },
      },
    },
    async (request, reply) => {
      const { kind } = request.query
      const validated = await validate(kind, request.body, request.actor)
      if (request.query.async === '1') {
        const jobId = jobs.start(ownerOf(request.actor), kind, validated.values.length, (progress) =>
          store(app.db, validated, request.actor, progress),
        )
        return reply.code(202).send({ jobId, total: validated.values.length })
      }
      return reply.code(201).send({ imported: await store(app.db, validated, request.actor) })
    },
  )

  app.get(
    '/api/kim/import/template',
    {
      config: { access: 'read' },
      schema: { tags: ['kim'], querystring: KimImportTemplateQuery, response: { 200: Type.String(), ...errors } },
    },
    async (request, reply) => {
      const { kind, delimiter = 'semicolon' } = request.query
      // BOM: Excel then reads the file as UTF-8.
      const csv = stringify([[...KIM_IMPORT_COLUMNS[kind]], EXAMPLES[kind]], { delimiter: delimiter === 'comma' ? ',' : ';', bom: true })
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kim-${kind}-template.csv"`)
        .send(csv)
    },
  )

  app.get(
    '/api/kim/import/:jobId',
    { config: { access: 'kim:write' }, schema: { tags: ['kim'], params: KimImportJobParams, response: { 200: KimImportJob, ...errors } } },
    async (request) => {
      const job = jobs.get(request.params.jobId, ownerOf(request.actor))
      if (!job) throw new AppError(404, 'not_found', t('Impor tidak ditemukan.', 'Import job not found.'))
      return job
    },
  )
}

/** The group ids the rows name (well-formed ones only; the row checks report the rest). */
function groupIdsIn(rows: CsvRow[]): number[] {
  const ids = new Set<number>()
  for (const row of rows) {
    const cell = row.cells.get('groupId')?.trim() ?? ''
    if (/^\d{1,9}$/.test(cell)) ids.add(Number(cell))
  }
  return [...ids]
}

export default kimImportRoutes

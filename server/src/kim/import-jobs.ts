import { randomBytes } from 'node:crypto'
import type { KimImportJob, KimImportKind } from '@jangkau/shared'
import type { FastifyBaseLogger } from 'fastify'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'

/** Finished jobs can be polled this long, then they are forgotten. */
const KEEP_MS = 60 * 60 * 1000

interface Job extends KimImportJob {
  owner: string
  finishedAt: number | null
}

/**
 * Background CSV imports (POST /api/kim/import?async=1): the file is validated before the answer,
 * then written here while the dashboard polls GET /api/kim/import/:jobId for progress. Jobs live in
 * this process's memory only; a restart forgets them (the transaction of a running one rolls back).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>()
  private readonly running = new Set<Promise<void>>()

  /** `explain` turns a database refusal into the error a job reports (the route's declared conflicts). */
  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly explain: (error: unknown) => AppError | undefined = () => undefined,
  ) {}

  /**
   * Starts `work`, which reports rows written through `progress` and returns the rows imported.
   * `owner` ("user:12") is the only one who may poll the job.
   */
  start(owner: string, kind: KimImportKind, total: number, work: (progress: (written: number) => void) => Promise<number>): string {
    this.forgetOld()
    const jobId = randomBytes(12).toString('base64url')
    const job: Job = { jobId, kind, status: 'running', total, processed: 0, imported: 0, error: null, owner, finishedAt: null }
    this.jobs.set(jobId, job)
    const run = work((written) => (job.processed = written))
      .then((imported) => {
        job.status = 'done'
        job.imported = imported
      })
      .catch((error: unknown) => {
        job.status = 'failed'
        job.processed = 0
        const known = error instanceof AppError ? error : this.explain(error)
        if (known) job.error = { code: known.code, message: known.message }
        else {
          this.log.error({ err: error, jobId }, 'KIM import failed')
          job.error = {
            code: 'import_failed',
            message: t('Impor gagal; tidak ada yang disimpan.', 'The import failed; nothing was stored.'),
          }
        }
      })
      .finally(() => {
        job.finishedAt = Date.now()
        this.running.delete(run)
      })
    this.running.add(run)
    return jobId
  }

  /** The job's state for its owner; undefined for anyone else or an unknown id. */
  get(jobId: string, owner: string): KimImportJob | undefined {
    const job = this.jobs.get(jobId)
    if (!job || job.owner !== owner) return undefined
    const { owner: _owner, finishedAt: _finishedAt, ...state } = job
    return state
  }

  /** Waits for running imports (at shutdown, before the database closes). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running])
  }

  private forgetOld(): void {
    const now = Date.now()
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_MS) this.jobs.delete(id)
  }
}

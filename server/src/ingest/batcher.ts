import { UnavailableError } from '../errors.ts'
import { t } from '../i18n.ts'

interface Pending<T> {
  item: T
  /** performance.now() when it was queued. */
  since: number
  resolve: () => void
  reject: (error: unknown) => void
}

export interface BatcherOptions {
  /** Wait at most this long for more items before writing a batch. */
  flushMs: number
  /** Write at once when this many items wait. */
  maxBatch: number
  /** Refuse new items (503) while this many wait: overload is shed, not absorbed. */
  maxQueue: number
  /**
   * Refuse new items (503) while the oldest waiting one has waited longer than this: the database
   * is not keeping up, and queueing more would only make every answer slower. Bounds the latency of
   * accepted views where maxQueue bounds memory. Undefined = no limit.
   */
  maxWaitMs?: number
  /** Batches written at once, each in its own transaction (default 1). */
  maxConcurrent?: number
}

/**
 * Group commit. Concurrent requests hand their item to `add` and wait; batches are written by
 * `write`, each in a single transaction (up to `maxConcurrent` at once, so one batch's commit
 * overlaps the next batch's statements), and each waiting request is answered only after its own
 * batch committed (or failed). Nothing is acknowledged that was not stored. Concurrent writers
 * cannot deadlock: every statement of `write` locks article rows in key order (the rollups are counted
 * later, from rollup_queue).
 */
export class Batcher<T> {
  private queue: Pending<T>[] = []
  private timer: NodeJS.Timeout | undefined
  /** Batches being written now, each with the time its oldest item was queued. */
  private readonly writing = new Map<Promise<void>, number>()
  /** Running totals for /metrics and the benchmarks; `rejected` counts adds refused (queue full or too slow). */
  readonly stats = { batches: 0, items: 0, failedBatches: 0, lastBatchSize: 0, rejected: 0 }
  /** Called after every batch write with its size, duration and outcome (for /metrics histograms). */
  onBatch: ((size: number, milliseconds: number, ok: boolean) => void) | undefined

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: BatcherOptions,
  ) {}

  get waiting(): number {
    return this.queue.length
  }

  add(item: T): Promise<void> {
    const now = performance.now()
    const { maxQueue, maxWaitMs } = this.options
    // The oldest view still waiting for its answer: in the batch being written, else first in the queue.
    const oldest = this.writing.size ? Math.min(...this.writing.values()) : this.queue[0]?.since
    if (this.queue.length >= maxQueue || (maxWaitMs !== undefined && oldest !== undefined && now - oldest > maxWaitMs)) {
      this.stats.rejected++
      return Promise.reject(new UnavailableError('overloaded', t('Server sibuk; coba lagi sebentar.', 'Server busy; retry shortly.')))
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, since: now, resolve, reject })
      this.schedule()
    })
  }

  /** Write everything that waits and resolve when all of it is answered (used at shutdown). */
  async drain(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.writing.size || this.queue.length) {
      this.flush()
      if (this.writing.size) await Promise.race(this.writing.keys())
    }
  }

  private schedule(): void {
    if (this.writing.size >= this.concurrency) return // a running write picks the queue up when it ends
    if (this.queue.length >= this.options.maxBatch) {
      this.flush()
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.flushMs)
    }
  }

  private flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.writing.size >= this.concurrency || this.queue.length === 0) return
    const batch = this.queue.splice(0, this.options.maxBatch)
    const started = performance.now()
    const writing: Promise<void> = this.write(batch.map((p) => p.item))
      .then(
        () => {
          this.stats.batches++
          this.stats.items += batch.length
          this.stats.lastBatchSize = batch.length
          for (const p of batch) p.resolve()
          this.onBatch?.(batch.length, performance.now() - started, true)
        },
        (error: unknown) => {
          this.stats.failedBatches++
          for (const p of batch) p.reject(error)
          this.onBatch?.(batch.length, performance.now() - started, false)
        },
      )
      .finally(() => {
        this.writing.delete(writing)
        // What queued during the write has already waited at least that long: write it at once
        // instead of waiting flushMs more. Under load this makes batches follow the database's pace
        // (rows arriving during one commit form the next batch) and took ~5 ms off every request's
        // latency in `pnpm bench ingest`; flushMs only applies to the first item after a quiet spell.
        if (this.queue.length) this.flush()
      })
    this.writing.set(writing, batch[0]!.since)
    // With room for another write, a full queue goes out at once instead of waiting for this one.
    if (this.queue.length >= this.options.maxBatch) this.flush()
  }

  /** How many batches may be written at once (each in its own transaction). */
  private get concurrency(): number {
    return Math.max(1, this.options.maxConcurrent ?? 1)
  }
}

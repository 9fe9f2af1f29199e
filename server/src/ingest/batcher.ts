import { UnavailableError } from '../errors.ts'

interface Pending<T> {
  item: T
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
}

/**
 * Group commit. Concurrent requests hand their item to `add` and wait; one batch at a time is written
 * by `write` in a single transaction, and each waiting request is answered only after its own batch
 * committed (or failed). Nothing is acknowledged that was not stored.
 */
export class Batcher<T> {
  private queue: Pending<T>[] = []
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> | undefined
  readonly stats = { batches: 0, items: 0, failedBatches: 0, lastBatchSize: 0 }

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: BatcherOptions,
  ) {}

  get waiting(): number {
    return this.queue.length
  }

  add(item: T): Promise<void> {
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new UnavailableError('overloaded', 'Server sibuk; coba lagi sebentar. / Server busy; retry shortly.'))
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      this.schedule()
    })
  }

  /** Write everything that waits and resolve when all of it is answered (used at shutdown). */
  async drain(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.writing || this.queue.length) {
      if (this.writing) await this.writing
      else this.flush()
    }
  }

  private schedule(): void {
    if (this.writing) return // the running write picks the queue up when it ends
    if (this.queue.length >= this.options.maxBatch) {
      this.flush()
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.flushMs)
    }
  }

  private flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.writing || this.queue.length === 0) return
    const batch = this.queue.splice(0, this.options.maxBatch)
    this.writing = this.write(batch.map((p) => p.item))
      .then(
        () => {
          this.stats.batches++
          this.stats.items += batch.length
          this.stats.lastBatchSize = batch.length
          for (const p of batch) p.resolve()
        },
        (error: unknown) => {
          this.stats.failedBatches++
          for (const p of batch) p.reject(error)
        },
      )
      .finally(() => {
        this.writing = undefined
        if (this.queue.length) this.schedule()
      })
  }
}

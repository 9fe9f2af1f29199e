import { RetryLaterError } from '../errors.ts'
import { t } from '../i18n.ts'

/**
 * Whom a PDF is rendered for: a user's download (identified by `user`, e.g. "user:12" or
 * "token:3") or a report email (scheduled, or an admin's "Kirim sekarang").
 */
export type RenderFor = { kind: 'download'; user: string } | { kind: 'email' }

export interface RenderLimits {
  /** Renders at once (each one a headless Chromium: a few hundred MB and a core). */
  concurrency: number
  /** Downloads waiting for a free render beyond those; one more is refused with 503. */
  maxWaiting: number
}

interface Waiting {
  email: boolean
  start: () => void
}

const BUSY = t(
  'PDF Anda sebelumnya masih dibuat; tunggu sampai selesai lalu coba lagi.',
  'Your previous PDF is still being made; wait until it is done, then try again.',
)
const FULL = t(
  'Server sedang membuat banyak PDF; coba lagi sebentar lagi, atau gunakan Cetak (Ctrl+P) di peramban.',
  'The server is busy making PDFs; try again shortly, or use Print (Ctrl+P) in the browser.',
)

/**
 * Bounds the Chromium renders of one process, so that readers clicking "Unduh PDF" cannot pile up
 * browsers until the server runs out of memory: `concurrency` at once, at most `maxWaiting`
 * downloads waiting (beyond: 503 `pdf_queue_full`), one download per user waiting or rendering
 * (another: 429 `pdf_busy`). Emails are never refused and wait ahead of every download, so
 * downloads cannot starve a scheduled report; they only wait for the renders already running.
 */
export class RenderQueue {
  private running = 0
  private readonly waiting: Waiting[] = []
  private readonly users = new Set<string>()
  /** How long a render took lately (moving average), to say when to retry. */
  private renderSeconds = 5

  constructor(private readonly limits: RenderLimits) {}

  /**
   * Runs `render` when a slot is free, and answers what it answers. Throws at once (not later)
   * with 429 or 503 and Retry-After when a download is not admitted.
   */
  run<T>(renderFor: RenderFor, render: () => Promise<T>): Promise<T> {
    const user = renderFor.kind === 'download' ? renderFor.user : null
    if (user !== null) this.admit(user)
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++
        const started = performance.now()
        render()
          .then(resolve, reject)
          .finally(() => {
            this.renderSeconds = 0.7 * this.renderSeconds + 0.3 * ((performance.now() - started) / 1000)
            this.running--
            if (user !== null) this.users.delete(user)
            this.next()
          })
      }
      const entry = { email: user === null, start }
      // An email goes after the emails already waiting, before every download.
      const firstDownload = this.waiting.findIndex((w) => !w.email)
      if (entry.email && firstDownload !== -1) this.waiting.splice(firstDownload, 0, entry)
      else this.waiting.push(entry)
      this.next()
    })
  }

  private admit(user: string): void {
    if (this.users.has(user)) throw new RetryLaterError(429, 'pdf_busy', BUSY, this.retryAfterSeconds())
    const downloadsWaiting = this.waiting.filter((w) => !w.email).length
    if (this.running >= this.limits.concurrency && downloadsWaiting >= this.limits.maxWaiting) {
      throw new RetryLaterError(503, 'pdf_queue_full', FULL, this.retryAfterSeconds())
    }
    this.users.add(user)
  }

  private next(): void {
    while (this.running < this.limits.concurrency && this.waiting.length > 0) this.waiting.shift()!.start()
  }

  /** About when the renders running and waiting now are done. */
  private retryAfterSeconds(): number {
    const rounds = Math.ceil((this.running + this.waiting.length) / this.limits.concurrency)
    return Math.max(1, Math.ceil(rounds * this.renderSeconds))
  }
}

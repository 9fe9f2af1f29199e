import type { FastifyInstance } from 'fastify'

const TICK_MS = 60_000

/**
 * Runs `pass` once a minute from the moment the server listens, one pass at a time (a tick that finds
 * the last pass still running is skipped). A failed pass is logged as `<name> pass failed`. The timer
 * does not keep the process alive, and closing the app waits for the pass in flight.
 */
export function everyMinute(app: FastifyInstance, name: string, pass: () => Promise<void>): void {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  const tick = () => {
    running ??= pass()
      .catch((err: unknown) => app.log.warn({ err }, `${name} pass failed`))
      .finally(() => {
        running = undefined
      })
  }
  app.addHook('onListen', async () => {
    if (timer) return
    timer = setInterval(tick, TICK_MS)
    timer.unref()
  })
  app.addHook('preClose', async () => {
    clearInterval(timer)
    await running
  })
}

/**
 * How a report email that the mail server refused is tried again: after 1 minute, 5 minutes, half
 * an hour, 2 hours and 6 hours, so a short outage of the mail server costs minutes and a long one
 * still ends (failed, visible in the admin page) the same working day.
 */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 360] as const

/** Attempts in all, the first one included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1

/** When to try again after attempt number `attempt` (1-based) failed at `now`; null after the last one. */
export function nextAttemptAfter(attempt: number, now: Date): Date | null {
  const minutes = RETRY_DELAYS_MINUTES[attempt - 1]
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000)
}

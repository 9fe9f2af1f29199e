/**
 * An error the client caused or must know about: a stable `code`, an HTTP status and a message.
 * The app's error handler turns it into `{"error": {"code", "message"}}`; anything else becomes a
 * 500 whose details are logged, never sent.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message)
  }
}

export const badRequest = (code: string, message: string, details?: unknown[]) => new AppError(400, code, message, details)

/** Not now, but later: 429 or 503 answered with Retry-After (seconds). */
export class RetryLaterError extends AppError {
  constructor(
    statusCode: 429 | 503,
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(statusCode, code, message)
  }
}

/** The database or the ingest queue cannot take the request now; the client should retry. */
export class UnavailableError extends RetryLaterError {
  constructor(code: string, message: string, retryAfterSeconds = 1) {
    super(503, code, message, retryAfterSeconds)
  }
}

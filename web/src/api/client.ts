/**
 * The one way the dashboard talks to the API. It
 * - sends the session cookie (same origin) and, on every write, the CSRF token from login / me;
 * - turns every error answer (`{"error": {"code", "message"}}`) into an ApiError;
 * - on a 401 from any call but login and "who am I", tells the app (which sends the user to the
 *   login page with "your session has expired"), because a half-working page helps nobody.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

let csrfToken: string | null = null

/** Remembered from the login and /me answers; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

type UnauthorizedHandler = (code: string) => void
let onUnauthorized: UnauthorizedHandler | null = null

/** Called with the error code ("session_expired", "unauthenticated") when a call answers 401. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler
}

/** Endpoints whose 401 means "wrong password" or "not signed in yet", not "session lost". */
const NO_REDIRECT = ['/api/auth/login', '/api/auth/me']

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]
export type Query = Record<string, QueryValue>

/** "/api/x?a=1&b=2,3", leaving out empty values; arrays are comma-joined (the API's list format). */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value == null || value === '') continue
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','))
    } else {
      params.set(key, String(value))
    }
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: Query
  /** Sent as JSON. */
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD'
}

/** The ApiError an answer's body stands for (or a generic one when the body is not ours). */
export function errorFromBody(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (error && typeof error.code === 'string') {
    return new ApiError(
      status,
      error.code,
      typeof error.message === 'string' ? error.message : error.code,
      Array.isArray(error.details) ? error.details : undefined,
    )
  }
  return new ApiError(status, status >= 500 ? 'server_error' : 'http_error', `HTTP ${status}`)
}

function handleUnauthorized(path: string, error: ApiError): void {
  if (error.status === 401 && !NO_REDIRECT.includes(path)) {
    csrfToken = null
    onUnauthorized?.(error.code)
  }
}

/**
 * The fetch of every call: cookie, CSRF token on writes. A network failure and every error answer
 * become an ApiError (a 401 first tells the app, see handleUnauthorized).
 */
async function call(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { accept, ...options.headers }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (isWrite(method) && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause
    throw new ApiError(0, 'network_error', 'Tidak dapat menghubungi server. / Cannot reach the server.')
  }
  if (!response.ok) {
    const error = errorFromBody(response.status, parseJson(await response.text()))
    handleUnauthorized(path, error)
    throw error
  }
  return response
}

/** The body as JSON, null when empty or not JSON. */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null
  } catch {
    return null
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return parseJson(await (await call(path, options, 'application/json')).text()) as T
}

/**
 * GET a file the server makes (a CSV export, the report's PDF) as a Blob. Fetched rather than
 * linked, so a refusal is an ApiError the page can show instead of a saved error file, and a 401
 * ends the session exactly as apiRequest's does (login page, "sesi berakhir"). Hand the Blob to
 * saveFile (components/DownloadCsv.tsx) to save it.
 */
export async function apiDownload(path: string, options: Pick<RequestOptions, 'query' | 'signal'> = {}): Promise<Blob> {
  return (await call(path, options, '*/*')).blob()
}

export interface UploadOptions {
  contentType: string
  /** POST unless said otherwise (the article catalogue takes PUT). */
  method?: 'POST' | 'PUT'
  headers?: Record<string, string>
  /** Fraction 0..1 of the body sent so far. */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
}

/**
 * POST a file with upload progress. fetch() cannot report upload progress, XMLHttpRequest can,
 * so imports use this. Answers and errors are handled exactly like apiRequest's.
 */
export function uploadWithProgress<T>(path: string, query: Query, body: Blob | string, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(options.method ?? 'POST', apiUrl(path, query))
    xhr.withCredentials = true
    xhr.setRequestHeader('content-type', options.contentType)
    xhr.setRequestHeader('accept', 'application/json')
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken)
    for (const [k, v] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total)
    }
    xhr.onload = () => {
      let parsed: unknown = null
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        parsed = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1)
        resolve(parsed as T)
      } else {
        const error = errorFromBody(xhr.status, parsed)
        handleUnauthorized(path, error)
        reject(error)
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Tidak dapat menghubungi server. / Cannot reach the server.'))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    options.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(body)
  })
}

/**
 * The part of a server message in the UI language. Server messages are written
 * "Teks Indonesia. / English text."; a message without " / " is returned whole.
 */
export function localMessage(message: string, lang: 'id' | 'en'): string {
  const at = message.indexOf(' / ')
  if (at < 0) return message
  return lang === 'id' ? message.slice(0, at).trim() : message.slice(at + 3).trim()
}

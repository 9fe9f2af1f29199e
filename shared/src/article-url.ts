/**
 * The one rule that turns a page address into an article key, used by ingest, the counter and the
 * catalogue so that all three agree: every address of one page gives the same key, so one page is
 * one article with one counter.
 * - only absolute http(s) URLs, and http and https are one article: the key always says https;
 * - the host as canonicalHost says (lower-case, IDN in punycode, no "www.", no trailing dot), and
 *   no port when it is 80 or 443;
 * - percent-escapes normalised: those of unreserved characters decoded, the hex of the others
 *   upper-cased ("%7e", "~" and "%7E" agree); the path keeps its case;
 * - repeated slashes in the path collapsed, a trailing slash ignored ("/a/" and "/a" are one article;
 *   the root stays "/");
 * - the fragment is dropped;
 * - the query string is dropped except parameters named in `keepParams` (sorted, for a stable key).
 * Returns null when the input is not an absolute http(s) URL.
 */
export function normaliseArticleUrl(input: string, keepParams: readonly string[] = []): string | null {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  const host = canonicalHost(url.hostname)
  if (!host) return null
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : ''
  const kept = new URLSearchParams()
  for (const name of [...keepParams].sort()) {
    for (const value of url.searchParams.getAll(name)) kept.append(name, value)
  }
  const query = kept.toString()
  let path = normalisePercentEscapes(url.pathname).replace(/\/{2,}/g, '/')
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/'
  return `https://${host}${port}${path}${query ? `?${query}` : ''}`
}

/**
 * A host name as sites and article keys know it: lower-case, without a leading "www." and without the
 * trailing dot of a fully qualified name, so that www.example.go.id, EXAMPLE.go.id and example.go.id.
 * are one site. Pass URL.hostname (an IDN host is already punycode there). Empty when nothing is left.
 */
export function canonicalHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.+$/, '')
    .replace(/^www\./, '')
}

/** Unreserved characters (RFC 3986): an escape of one of them means the character itself. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/

/** "%7e" → "~", "%2f" → "%2F": one spelling per character. */
function normalisePercentEscapes(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`
  })
}

/** The host of a normalised or raw URL, lower-case, without port; null if it is not a URL. */
export function hostOf(input: string): string | null {
  try {
    return new URL(input).hostname.toLowerCase() || null
  } catch {
    return null
  }
}

/**
 * The one rule that turns a page address into an article key, used by ingest, the counter and the
 * catalogue so that all three agree:
 * - only absolute http(s) URLs; the host is lower-cased and a default port dropped (WHATWG URL does both);
 * - the fragment is dropped;
 * - the query string is dropped except parameters named in `keepParams` (sorted, for a stable key);
 * - a trailing slash is ignored ("/a/" and "/a" are one article; the root stays "/").
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
  if (!url.hostname) return null
  const kept = new URLSearchParams()
  for (const name of [...keepParams].sort()) {
    for (const value of url.searchParams.getAll(name)) kept.append(name, value)
  }
  const query = kept.toString()
  let path = url.pathname
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/'
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`
}

/** The host of a normalised or raw URL, lower-case, without port; null if it is not a URL. */
export function hostOf(input: string): string | null {
  try {
    return new URL(input).hostname.toLowerCase() || null
  } catch {
    return null
  }
}

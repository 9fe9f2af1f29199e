/**
 * The article key of a hash-routed page: the normalised URL (normaliseArticleUrl, which drops every
 * fragment) with the fragment of the address as sent put back, so that "#/a" and "#/b" are articles of
 * their own (Plausible's `h: 1`). An address without a fragment, or with an empty "#", is unchanged.
 */
export function withFragment(normalisedUrl: string, input: string): string {
  let hash = ''
  try {
    hash = new URL(input).hash
  } catch {
    // Not a URL: normaliseArticleUrl has refused it already.
  }
  return `${normalisedUrl}${hash}`
}

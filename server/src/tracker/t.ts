// Jangkau tracker, served minified as /t.js. Cookieless: it stores nothing in the browser.
// <script defer src="https://jangkau.example/t.js" data-category="Pemerintahan" data-region="64.08"
//   data-author="..." data-published="2022-04-20T08:26:00+08:00"></script>
// Any element with data-jangkau-views gets the article's view count ("1.234") in id-ID format.

/** URL_KEEP_PARAMS ("id,p"), written in when the server builds t.js (build-tracker.ts). */
declare const KEEP_PARAMS: string

;((w: Window, d: Document) => {
  const script = d.currentScript as HTMLScriptElement | null
  if (!script) return
  const base = new URL(script.src).origin
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
  const optedOut = nav.doNotTrack === '1' || (w as { doNotTrack?: string }).doNotTrack === '1' || nav.globalPrivacyControl === true
  const data = script.dataset
  // The article an address counts for, as far as a page can change it without loading (same origin):
  // its path without repeated or trailing slashes and the query parameters the server keeps
  // (normaliseArticleUrl). A pushState that only changes ?page=2, or a replaceState that strips
  // utm_* and fbclid, stays the same article: no second view.
  const keep = KEEP_PARAMS ? KEEP_PARAMS.split(',') : []
  const article = () => {
    const q = new URLSearchParams(location.search)
    return location.pathname.replace(/\/+/g, '/').replace(/\/$/, '') + keep.map((n) => `&${n}=${q.getAll(n)}`).join('')
  }
  // The script tag and the title describe the page the script was loaded with. Ingest keeps the
  // first metadata an article gets, so pages reached by pushState must not inherit them.
  const loaded = article()
  let last = ''

  const showCount = () => {
    const targets = d.querySelectorAll('[data-jangkau-views]')
    if (!targets.length) return
    fetch(`${base}/api/counter?url=${encodeURIComponent(location.href)}`)
      .then((r) => r.json() as Promise<{ views: number }>)
      .then((j: { views: number }) => {
        targets.forEach((t: Element) => {
          t.textContent = j.views.toLocaleString('id-ID')
        })
      })
      .catch(() => {})
  }

  const send = () => {
    const key = article()
    if (key === last) return // one report per article, not per hash change, replaceState or dropped parameter
    last = key
    if (optedOut) return showCount()
    const first = key === loaded
    const body = JSON.stringify({
      url: location.href.split('#')[0],
      // Clamped to the limits of /api/collect: an over-long value must not cost the view (a 400).
      referrer: d.referrer.slice(0, 2048) || undefined,
      title: (first && d.title.slice(0, 500)) || undefined,
      lang: nav.language,
      screen: `${screen.width}x${screen.height}`,
      meta: first ? { category: data.category, region: data.region, author: data.author, published: data.published } : undefined,
    })
    // fetch with keepalive survives the reader leaving the page, like sendBeacon, but shows the answer:
    // a view shed with 503 under overload is sent once more after Retry-After (at most 30 s, while the
    // page is open), so that shedding delays it instead of losing it. The 202 comes after commit, so
    // the count read afterwards includes this view. A string body is text/plain: no CORS preflight.
    const post = (again?: 1): Promise<unknown> =>
      fetch(`${base}/api/collect`, { method: 'POST', body, keepalive: true }).then((r) =>
        r.status === 503 && !again
          ? new Promise((wait) => setTimeout(wait, Math.min(+r.headers.get('retry-after')! || 1, 30) * 1e3)).then(() => post(1))
          : r,
      )
    post().then(showCount, showCount)
  }

  const push = history.pushState
  history.pushState = function (...args: Parameters<History['pushState']>) {
    push.apply(this, args)
    send()
  }
  w.addEventListener('popstate', send)
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', send)
  else send()
})(window, document)

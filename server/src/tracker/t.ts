// Jangkau tracker, served minified as /t.js. Cookieless: it stores nothing in the browser.
// <script defer src="https://jangkau.example/t.js" data-category="Pemerintahan" data-region="64.08"
//   data-author="..." data-published="2022-04-20T08:26:00+08:00"></script>
// Any element with data-jangkau-views gets the article's view count ("1.234") in id-ID format.
;((w: Window, d: Document) => {
  const script = d.currentScript as HTMLScriptElement | null
  if (!script) return
  const base = new URL(script.src).origin
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
  const optedOut = nav.doNotTrack === '1' || (w as { doNotTrack?: string }).doNotTrack === '1' || nav.globalPrivacyControl === true
  const data = script.dataset
  const page = () => location.href.split('#')[0]!
  // The script tag and the title describe the page the script was loaded with. Ingest keeps the
  // first metadata an article gets, so pages reached by pushState must not inherit them.
  const loaded = page()
  let last = ''

  const showCount = () => {
    const targets = d.querySelectorAll('[data-jangkau-views]')
    if (!targets.length) return
    fetch(`${base}/api/counter?url=${encodeURIComponent(location.href)}`)
      .then((r) => r.json() as Promise<{ views: number }>)
      .then((j: { views: number }) => targets.forEach((t: Element) => (t.textContent = j.views.toLocaleString('id-ID'))))
      .catch(() => {})
  }

  const send = () => {
    const url = page()
    if (url === last) return // one report per navigation, not per hash change or replaceState
    last = url
    if (optedOut) return showCount()
    const first = url === loaded
    const body = JSON.stringify({
      url,
      // Clamped to the limits of /api/collect: an over-long value must not cost the view (a 400).
      referrer: d.referrer.slice(0, 2048) || undefined,
      title: (first && d.title.slice(0, 500)) || undefined,
      lang: nav.language,
      screen: `${screen.width}x${screen.height}`,
      meta: first ? { category: data.category, region: data.region, author: data.author, published: data.published } : undefined,
    })
    const endpoint = `${base}/api/collect`
    // sendBeacon survives the reader leaving the page. When a counter is shown we use fetch
    // (keepalive) instead and wait for its 202, which comes after commit, so the count read
    // afterwards includes this view. Both send text/plain: no CORS preflight.
    if (d.querySelector('[data-jangkau-views]') || !nav.sendBeacon?.(endpoint, body)) {
      fetch(endpoint, { method: 'POST', body, keepalive: true }).then(showCount, showCount)
    }
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

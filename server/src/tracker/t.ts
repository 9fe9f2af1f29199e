// Jangkau tracker, served minified as /t.js. Cookieless: it stores nothing in the browser.
// <script defer src="https://jangkau.example/t.js" data-category="Pemerintahan" data-region="64.08"
//   data-author="..." data-published="2022-04-20T08:26:00+08:00"></script>
// Any element with data-jangkau-views gets the article's view count ("493") in id-ID format.
;((w: Window, d: Document) => {
  const script = d.currentScript as HTMLScriptElement | null
  if (!script) return
  const base = new URL(script.src).origin
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean }
  const optedOut = nav.doNotTrack === '1' || (w as { doNotTrack?: string }).doNotTrack === '1' || nav.globalPrivacyControl === true
  const data = script.dataset
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
    const page = location.href.split('#')[0]!
    if (page === last) return // one report per navigation, not per hash change or replaceState
    last = page
    if (optedOut) return showCount()
    const body = JSON.stringify({
      url: page,
      referrer: d.referrer || undefined,
      title: d.title || undefined,
      lang: nav.language,
      screen: `${screen.width}x${screen.height}`,
      meta: { category: data.category, region: data.region, author: data.author, published: data.published },
    })
    const endpoint = `${base}/api/collect`
    // The counter must include this view, so when one is shown we wait for the answer (sent after commit).
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

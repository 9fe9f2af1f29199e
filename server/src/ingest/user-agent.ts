import { isbot } from 'isbot'
import { UAParser } from 'ua-parser-js'

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'other'

/**
 * `fn` with its answers kept per user agent. Recognising a bot and parsing a user agent run many
 * regular expressions and were the largest single cost per page view in `pnpm bench ingest`, while
 * a portal's readers share a few hundred distinct browsers. Bounded: when full, the cache is
 * emptied and refills with what is current; strings longer than any real browser's are not kept.
 */
function perUserAgent<T>(fn: (userAgent: string) => T, maxEntries = 5000): (userAgent: string) => T {
  const cache = new Map<string, T>()
  return (userAgent) => {
    if (cache.has(userAgent)) return cache.get(userAgent)!
    if (userAgent.length > 512) return fn(userAgent)
    const value = fn(userAgent)
    if (cache.size >= maxEntries) cache.clear()
    cache.set(userAgent, value)
    return value
  }
}

/** True for crawlers, monitors and scripts (isbot's list); their views are dropped. */
export const isBotUserAgent = perUserAgent((userAgent) => isbot(userAgent))

const parse = perUserAgent((userAgent) => {
  const result = new UAParser(userAgent).getResult()
  return { browser: result.browser.name?.slice(0, 40) || 'Lainnya', type: result.device.type }
})

/**
 * The two coarse facts reports need from a user agent. The raw string itself is never stored.
 * `screen` ("WxH" from the tracker) decides when the user agent does not say.
 */
export function describeUserAgent(userAgent: string, screen?: string): { device: DeviceClass; browser: string } {
  const { browser, type } = parse(userAgent)
  if (type === 'mobile' || type === 'tablet') return { device: type, browser }
  if (type) return { device: 'other', browser }
  const width = screen ? Number(screen.split('x')[0]) : NaN
  if (Number.isFinite(width) && width > 0 && width < 768) return { device: 'mobile', browser }
  return { device: 'desktop', browser }
}

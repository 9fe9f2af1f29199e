import { UAParser } from 'ua-parser-js'

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'other'

/**
 * The two coarse facts reports need from a user agent. The raw string itself is never stored.
 * `screen` ("WxH" from the tracker) decides when the user agent does not say.
 */
export function describeUserAgent(userAgent: string, screen?: string): { device: DeviceClass; browser: string } {
  const parsed = new UAParser(userAgent).getResult()
  const browser = parsed.browser.name?.slice(0, 40) || 'Lainnya'
  const type = parsed.device.type
  if (type === 'mobile' || type === 'tablet') return { device: type, browser }
  if (type) return { device: 'other', browser }
  const width = screen ? Number(screen.split('x')[0]) : NaN
  if (Number.isFinite(width) && width > 0 && width < 768) return { device: 'mobile', browser }
  return { device: 'desktop', browser }
}

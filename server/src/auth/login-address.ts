import { isIPv6 } from 'node:net'

/**
 * The address a failed login is counted under: an IPv4 address as it is, an IPv6 address by its /64
 * network ("2001:db8:1:2::/64"), since one household or server gets a whole /64 and could otherwise
 * try ten passwords from each of its addresses. IPv4-mapped IPv6 ("::ffff:10.0.0.1") is IPv4.
 */
export function loginAddressOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1]!
  if (!isIPv6(ip)) return ip
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  // "::" stands for as many zero groups as are missing (an embedded IPv4 tail is past the /64 anyway).
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

import { canonicalHost, normaliseArticleUrl } from '@jangkau/shared'
import { describe, expect, it } from 'vitest'
import { canonicalArticleUrl } from '../../migrations/src/2026-12-02-01-canonical-urls.ts'

const PAGE = 'https://diskominfo.kaltimprov.go.id/berita/kim'

/** The six addresses of one page that used to be six articles. */
const SIX_VARIANTS = [
  'http://diskominfo.kaltimprov.go.id/berita/kim',
  'https://diskominfo.kaltimprov.go.id/berita/kim',
  'https://www.diskominfo.kaltimprov.go.id/berita/kim',
  'https://diskominfo.kaltimprov.go.id:443/berita/kim',
  'https://DISKOMINFO.KaltimProv.go.id/berita/kim',
  'https://diskominfo.kaltimprov.go.id./berita/kim',
]

describe('the canonical article address (normaliseArticleUrl)', () => {
  it('gives the six addresses of one page one key', () => {
    expect(SIX_VARIANTS.map((u) => normaliseArticleUrl(u))).toEqual(Array(6).fill(PAGE))
  })

  it('says https for http and https', () => {
    expect(normaliseArticleUrl('http://kutaitimurkab.go.id/a')).toBe('https://kutaitimurkab.go.id/a')
    expect(normaliseArticleUrl('HTTP://kutaitimurkab.go.id/a')).toBe('https://kutaitimurkab.go.id/a')
  })

  it('lower-cases the host and drops "www." and a trailing dot, but keeps other subdomains', () => {
    expect(normaliseArticleUrl('https://WWW.KutaiTimurKab.GO.ID./a')).toBe('https://kutaitimurkab.go.id/a')
    expect(normaliseArticleUrl('https://www2.kutaitimurkab.go.id/a')).toBe('https://www2.kutaitimurkab.go.id/a')
    expect(normaliseArticleUrl('https://berita.kutaitimurkab.go.id/a')).toBe('https://berita.kutaitimurkab.go.id/a')
    expect(canonicalHost('WWW.Example.GO.ID.')).toBe('example.go.id')
  })

  it('drops the default ports 80 and 443 of either scheme and keeps any other port', () => {
    for (const u of ['http://x.go.id:80/a', 'https://x.go.id:443/a', 'http://x.go.id:443/a', 'https://x.go.id:80/a']) {
      expect(normaliseArticleUrl(u), u).toBe('https://x.go.id/a')
    }
    expect(normaliseArticleUrl('http://localhost:8080/a')).toBe('https://localhost:8080/a')
  })

  it('normalises percent-escapes: unreserved characters decoded, the hex of others upper-cased', () => {
    const tilde = ['https://x.go.id/~budi/a', 'https://x.go.id/%7ebudi/a', 'https://x.go.id/%7Ebudi/a'].map((u) => normaliseArticleUrl(u))
    expect(tilde).toEqual(Array(3).fill('https://x.go.id/~budi/a'))
    expect(normaliseArticleUrl('https://x.go.id/%41%2d%5f%2E')).toBe('https://x.go.id/A-_.')
    expect(normaliseArticleUrl('https://x.go.id/a%2fb%3a')).toBe('https://x.go.id/a%2Fb%3A')
    // A space and non-ASCII letters are escaped (upper-case hex) by URL itself.
    expect(normaliseArticleUrl('https://x.go.id/berita baru/é')).toBe('https://x.go.id/berita%20baru/%C3%A9')
    expect(normaliseArticleUrl('https://x.go.id/a%c3%a9')).toBe('https://x.go.id/a%C3%A9')
    // "%25" is a literal "%": the "7e" after it is text, not an escape.
    expect(normaliseArticleUrl('https://x.go.id/100%257e')).toBe('https://x.go.id/100%257e')
  })

  it('keeps the case of the path', () => {
    expect(normaliseArticleUrl('https://x.go.id/Berita/KIM')).toBe('https://x.go.id/Berita/KIM')
  })

  it('collapses repeated slashes and ignores a trailing slash; the root stays "/"', () => {
    expect(normaliseArticleUrl('https://x.go.id//berita///kim//')).toBe('https://x.go.id/berita/kim')
    expect(normaliseArticleUrl('https://x.go.id')).toBe('https://x.go.id/')
    expect(normaliseArticleUrl('https://x.go.id//')).toBe('https://x.go.id/')
  })

  it('writes IDN hosts in punycode', () => {
    expect(normaliseArticleUrl('https://bücher.example/a')).toBe('https://xn--bcher-kva.example/a')
    expect(normaliseArticleUrl('https://xn--bcher-kva.example/a')).toBe('https://xn--bcher-kva.example/a')
  })

  it('keeps only URL_KEEP_PARAMS, sorted, and drops the fragment, as before', () => {
    expect(normaliseArticleUrl('https://x.go.id/a?utm_source=wa&fbclid=1&id=7#komentar', ['id'])).toBe('https://x.go.id/a?id=7')
    expect(normaliseArticleUrl('https://x.go.id/a?p=2&id=7', ['p', 'id'])).toBe('https://x.go.id/a?id=7&p=2')
    expect(normaliseArticleUrl('https://x.go.id/a?q=%7e', ['q'])).toBe(normaliseArticleUrl('https://x.go.id/a?q=~', ['q']))
  })

  it('refuses what is not an absolute http(s) URL', () => {
    for (const u of ['relatif/saja', 'ftp://x.go.id/a', 'javascript:alert(1)', 'https://./a', ''])
      expect(normaliseArticleUrl(u), u).toBeNull()
  })

  it('is idempotent, and the migration that merges split articles uses the same rule', () => {
    const inputs = [
      ...SIX_VARIANTS,
      'http://WWW.x.go.id.:443//Berita/%7ea/',
      'https://x.go.id/a%2f%c3%a9',
      'https://bücher.example:8443/a',
      'http://x.go.id/',
    ]
    for (const input of inputs) {
      const key = normaliseArticleUrl(input)!
      expect(normaliseArticleUrl(key), input).toBe(key)
      expect(canonicalArticleUrl(input), input).toBe(key)
    }
    // A stored key's query holds only kept parameters: the migration keeps them all.
    const kept = normaliseArticleUrl('http://www.x.go.id/a?p=2&id=7&utm_source=wa', ['id', 'p'])!
    expect(canonicalArticleUrl('http://www.x.go.id/a?id=7&p=2')).toBe(kept)
  })
})

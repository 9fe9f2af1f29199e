import type { Role } from '@jangkau/shared'

/** The part of a user the UI needs to decide what to offer. The server decides what is allowed. */
export interface Viewer {
  role: Role
  regions: readonly string[]
}

export function isAdmin(viewer: Viewer | null | undefined): boolean {
  return viewer?.role === 'admin'
}

/**
 * Whether to offer KIM forms: admins anywhere, operators for their own regencies. Without a regency
 * it answers "for at least one regency" (to show the "add" button at all).
 */
export function canWriteKim(viewer: Viewer | null | undefined, regencyCode?: string): boolean {
  if (!viewer) return false
  if (viewer.role === 'admin') return true
  if (viewer.role !== 'operator') return false
  return regencyCode === undefined ? viewer.regions.length > 0 : viewer.regions.includes(regencyCode)
}

/** A "kembali" (return-to) address from the URL, only when it is a path on this site. */
export function safeReturnPath(value: string | null): string | null {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.startsWith('/masuk')) return null
  return value
}

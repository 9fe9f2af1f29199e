import { useEffect } from 'react'

/** Sets the tab title ("Wilayah · Jangkau"), which is also what screen readers announce on navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Jangkau` : 'Jangkau'
  }, [title])
}

import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { type FilterPatch, type Filters, readFilters, writeFilters } from '../data/filters.ts'

/**
 * The filter bar's state from the URL, and a setter that writes it back as a new history entry
 * (so the back button undoes a filter change). Every page reads its filters through this.
 */
export function useFilters(): [Filters, (patch: FilterPatch) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  // "now" only matters for relative presets; the day changes at midnight, a re-render later is fine.
  const filters = useMemo(() => readFilters(new URLSearchParams(key), new Date()), [key])
  const update = useCallback((patch: FilterPatch) => setParams((current) => writeFilters(current, patch)), [setParams])
  return [filters, update]
}

/** One plain search param (a tab, a table's page or sort) with a setter that keeps the others. */
export function useParam(name: string): [string | null, (value: string | null, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams()
  const set = useCallback(
    (value: string | null, options?: { replace?: boolean }) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          if (value === null || value === '') next.delete(name)
          else next.set(name, value)
          return next
        },
        { replace: options?.replace },
      ),
    [name, setParams],
  )
  return [params.get(name), set]
}

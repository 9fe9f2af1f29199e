import { useQuery, useQueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { firstDayOptions } from '../api/use-first-day-query.ts'
import { DEFAULT_PRESET, type RelativePreset } from '../data/date-range.ts'
import { type FilterPatch, type Filters, readFilters, writeFilters } from '../data/filters.ts'

/**
 * What a page's filters are about: the article page's "seluruh waktu" is the article's life, and it
 * opens on it (an address without a period means the page's default preset).
 */
export interface FilterScope {
  article?: number
  defaultPreset: RelativePreset
}
const FilterScopeContext = createContext<FilterScope>({ defaultPreset: DEFAULT_PRESET })
export const FilterScopeProvider = FilterScopeContext.Provider

/** The page's filter scope (the whole dashboard unless a page says otherwise). */
export function useFilterScope(): FilterScope {
  return useContext(FilterScopeContext)
}

/**
 * The filter bar's state from the URL, and a setter that writes it back as a new history entry
 * (so the back button undoes a filter change). Every page reads its filters through this.
 *
 * "Seluruh waktu" needs the first day with data from the API: until it is known the page suspends
 * (its loading skeleton) rather than asking for a period it would then have to replace.
 */
export function useFilters(): [Filters, (patch: FilterPatch) => void] {
  const [params, setParams] = useSearchParams()
  const { article, defaultPreset } = useFilterScope()
  const key = params.toString()
  // "now" only matters for relative presets; the day changes at midnight, a re-render later is fine.
  const wantsAllTime = useMemo(
    () => readFilters(new URLSearchParams(key), new Date(), undefined, { defaultPreset }).range.preset === 'seluruh-waktu',
    [key, defaultPreset],
  )
  const options = firstDayOptions(article)
  const firstDay = useQuery({ ...options, enabled: wantsAllTime })
  const queryClient = useQueryClient()
  // Suspense the way TanStack's own useSuspenseQuery does it: throw the fetch, render again when it is in.
  // A failed answer does not suspend again: the range then starts today and the pages show the error.
  if (wantsAllTime && firstDay.data === undefined && !firstDay.isError) {
    throw queryClient.ensureQueryData(options).catch(() => undefined)
  }
  const first = firstDay.data?.firstDay ?? null
  const filters = useMemo(
    () => readFilters(new URLSearchParams(key), new Date(), undefined, { firstDay: first, defaultPreset }),
    [key, first, defaultPreset],
  )
  const update = useCallback(
    (patch: FilterPatch) => setParams((current) => writeFilters(current, patch, defaultPreset)),
    [setParams, defaultPreset],
  )
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

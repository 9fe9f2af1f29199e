import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, localMessage } from '../api/client.ts'
import { useCategoriesQuery } from '../api/use-categories-query.ts'
import { rangeCheckOptions } from '../api/use-first-day-query.ts'
import { useSitesQuery } from '../api/use-sites-query.ts'
import { PRESETS, type Preset } from '../data/date-range.ts'
import { isDay } from '../data/dates.ts'
import { formatDay } from '../data/format.ts'
import { REGENCIES, regencyByCode } from '../data/regencies.ts'
import { useLang } from '../i18n/use-lang.ts'
import { useFilters, useFilterScope } from './use-filters.ts'

export interface FilterBarProps {
  /** Which filters this page offers. */
  period?: boolean
  region?: boolean
  category?: boolean
  site?: boolean
}

/**
 * Period, regencies, category and site. Every change is written to the URL at once, so the view
 * can be shared as a link and the back button undoes it.
 */
export function FilterBar({ period = true, region = true, category = true, site = true }: FilterBarProps) {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters, setFilters] = useFilters()
  const { defaultPreset } = useFilterScope()
  const queryClient = useQueryClient()
  const { range } = filters
  const [customOpen, setCustomOpen] = useState(range.preset === 'kustom')
  const [from, setFrom] = useState(range.from)
  const [to, setTo] = useState(range.to)
  const [customError, setCustomError] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)
  // A custom range from the address (a shared or hand-edited link) is checked with the API too: a
  // range it refuses shows the reason here, rather than another period passing for the one asked.
  const linkCheck = useQuery({ ...rangeCheckOptions(range.from, range.to), enabled: period && range.preset === 'kustom' })
  const refusal = (error: unknown) =>
    error instanceof ApiError && error.status >= 400 && error.status < 500 ? localMessage(error.message, lang) : null
  const shownError = customError ?? (range.preset === 'kustom' ? refusal(linkCheck.error) : null)
  const ids = { from: useId(), to: useId(), category: useId(), site: useId(), error: useId() }

  // Keep the custom inputs in step with the URL (back button, a clicked link).
  useEffect(() => {
    setFrom(range.from)
    setTo(range.to)
    setCustomOpen(range.preset === 'kustom')
  }, [range.from, range.to, range.preset])

  const choosePreset = (preset: Preset) => {
    if (preset === 'kustom') {
      setCustomOpen(true)
      return
    }
    setCustomError(null)
    setFilters({ preset })
  }

  // The API is the judge of a range (order, length, the earliest day): a range it refuses is shown
  // with its reason next to the inputs and changes nothing, so the page never pretends to show it.
  const applyCustom = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!isDay(from) || !isDay(to)) return setCustomError(t('filter.errorDates'))
    setChecking(true)
    try {
      await queryClient.fetchQuery(rangeCheckOptions(from, to))
      setCustomError(null)
      setFilters({ preset: 'kustom', from, to })
    } catch (error) {
      setCustomError(refusal(error) ?? t('error.network'))
    } finally {
      setChecking(false)
    }
  }

  const active = customOpen ? 'kustom' : range.preset
  // On a phone the presets are one row that scrolls sideways: keep the chosen one in sight.
  const presetRow = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const row = presetRow.current
    const pressed = row?.children[PRESETS.indexOf(active)] as HTMLElement | undefined
    if (!row || !pressed || row.scrollWidth <= row.clientWidth) return
    const offset = pressed.getBoundingClientRect().left - row.getBoundingClientRect().left
    row.scrollLeft += offset - (row.clientWidth - pressed.offsetWidth) / 2
  }, [active])
  const hasFilters = filters.regions.length > 0 || filters.category !== null || filters.site !== null || range.preset !== defaultPreset

  return (
    <search className="filter-bar" aria-label={t('filter.label')}>
      <div className="filter-row">
        {period ? (
          /* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons, not form fields:
             a fieldset would also break the segmented inline-flex layout */
          <div className="segmented" role="group" aria-label={t('filter.period')} ref={presetRow}>
            {PRESETS.map((preset) => (
              <button key={preset} type="button" className="segment" aria-pressed={active === preset} onClick={() => choosePreset(preset)}>
                {t(`filter.preset.${preset}`)}
              </button>
            ))}
          </div>
        ) : null}
        {region ? <RegionPicker selected={filters.regions} onChange={(regions) => setFilters({ regions })} /> : null}
        {category ? <CategorySelect id={ids.category} value={filters.category} onChange={(c) => setFilters({ category: c })} /> : null}
        {site ? <SiteSelect id={ids.site} value={filters.site} onChange={(s) => setFilters({ site: s })} /> : null}
        {hasFilters ? (
          <button
            type="button"
            className="button ghost small"
            onClick={() => setFilters({ preset: defaultPreset, regions: [], category: null, site: null })}
          >
            {t('filter.reset')}
          </button>
        ) : null}
      </div>
      {period && customOpen ? (
        <form className="filter-row custom-range" onSubmit={(e) => void applyCustom(e)} noValidate aria-busy={checking}>
          <label htmlFor={ids.from}>{t('filter.from')}</label>
          <input
            id={ids.from}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            aria-describedby={shownError ? ids.error : undefined}
            required
          />
          <label htmlFor={ids.to}>{t('filter.to')}</label>
          <input
            id={ids.to}
            type="date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-describedby={shownError ? ids.error : undefined}
            required
          />
          <button type="submit" className="button small" disabled={checking}>
            {t('filter.apply')}
          </button>
          {shownError ? (
            <p id={ids.error} className="field-error" role="alert">
              {shownError}
            </p>
          ) : null}
        </form>
      ) : null}
      <p className="range-note" aria-live="polite">
        {period ? t('filter.showing', { from: formatDay(range.from, lang), to: formatDay(range.to, lang) }) : t('filter.allTime')}
        {filters.regions.length > 0 ? ` · ${filters.regions.map((c) => regencyByCode(c)?.name ?? c).join(', ')}` : ''}
      </p>
    </search>
  )
}

/** A disclosure with one checkbox per regency; none checked = the whole province. */
function RegionPicker({ selected, onChange }: { selected: string[]; onChange: (regions: string[]) => void }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDetailsElement>(null)
  // Close on a click elsewhere or Escape, as people expect of a dropdown.
  useEffect(() => {
    const close = (event: MouseEvent | KeyboardEvent) => {
      const el = ref.current
      if (!el?.open) return
      if (event instanceof KeyboardEvent) {
        if (event.key === 'Escape') {
          el.open = false
          el.querySelector('summary')?.focus()
        }
      } else if (!el.contains(event.target as Node)) {
        el.open = false
      }
    }
    document.addEventListener('click', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('click', close)
      document.removeEventListener('keydown', close)
    }
  }, [])
  const summary =
    selected.length === 0
      ? t('filter.allRegions')
      : selected.length <= 2
        ? selected.map((c) => regencyByCode(c)?.short ?? c).join(', ')
        : t('filter.nRegions', { count: selected.length })
  const toggle = (code: string) => onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code])
  return (
    <details className="dropdown" ref={ref}>
      <summary className="button secondary small">
        {t('filter.region')}: {summary}
      </summary>
      <fieldset className="dropdown-panel">
        <legend className="visually-hidden">{t('filter.region')}</legend>
        {REGENCIES.map((r) => (
          <label key={r.code} className="check">
            <input type="checkbox" checked={selected.includes(r.code)} onChange={() => toggle(r.code)} />
            {r.kind === 'kota' ? t('region.city', { name: r.name }) : r.name}
          </label>
        ))}
        {selected.length > 0 ? (
          <button type="button" className="button ghost small" onClick={() => onChange([])}>
            {t('filter.allRegions')}
          </button>
        ) : null}
      </fieldset>
    </details>
  )
}

function CategorySelect({ id, value, onChange }: { id: string; value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation()
  const query = useCategoriesQuery()
  if (query.isError) return null
  return (
    <span className="select-field">
      <label htmlFor={id}>{t('filter.category')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={query.isPending}>
        <option value="">{t('filter.allCategories')}</option>
        {query.data?.items.map((c) => (
          <option key={c.id} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
    </span>
  )
}

function SiteSelect({ id, value, onChange }: { id: string; value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation()
  const query = useSitesQuery()
  // One site is the usual case: then the choice is no choice, so it is not offered.
  if (query.isError || (query.data && query.data.items.length < 2 && !value)) return null
  return (
    <span className="select-field">
      <label htmlFor={id}>{t('filter.site')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={query.isPending}>
        <option value="">{t('filter.allSites')}</option>
        {query.data?.items.map((s) => (
          <option key={s.id} value={String(s.id)}>
            {s.name}
          </option>
        ))}
      </select>
    </span>
  )
}

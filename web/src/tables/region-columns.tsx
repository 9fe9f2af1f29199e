import { createColumnHelper } from '@tanstack/react-table'
import type { TFunction } from 'i18next'
import { Link } from 'react-router'
import { formatVillagePercent } from '@jangkau/shared/vocab'
import { formatChange, formatNumber, type Lang } from '../data/format.ts'
import type { RegionRow } from '../data/region-table.ts'

const col = createColumnHelper<RegionRow>()

export interface RegionColumnOptions {
  /** Regencies ticked for comparison, and the toggle; without it there is no tick column. */
  compare?: { selected: readonly string[]; toggle: (code: string) => void; max: number }
  /** Query string the regency links carry (the filters). */
  search: string
}

/** Columns of the regency table (Wilayah page). Numbers right-aligned, sortable. */
export function regionColumns(t: TFunction, lang: Lang, options: RegionColumnOptions) {
  const num = (v: number) => formatNumber(v, lang)
  const columns = [
    col.accessor('label', {
      header: t('regions.regency'),
      cell: (c) => (
        <Link to={{ pathname: `/wilayah/${c.row.original.key}`, search: options.search }} className="strong-link">
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor('views', { header: t('metric.views'), cell: (c) => num(c.getValue()), meta: { align: 'right' }, sortDescFirst: true }),
    col.accessor('viewsChange', {
      header: t('regions.change'),
      cell: (c) => formatChange(c.getValue(), lang),
      meta: { align: 'right' },
      sortDescFirst: true,
      sortUndefined: 'last',
    }),
    col.accessor('visitors', {
      header: t('metric.visitors'),
      cell: (c) => num(c.getValue()),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
    col.accessor('articles', {
      header: t('metric.articles'),
      cell: (c) => num(c.getValue()),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
    col.accessor('kimActive', {
      header: t('metric.kim_active'),
      cell: (c) => num(c.getValue()),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
    col.accessor('kimDormant', {
      header: t('metric.kim_dormant'),
      cell: (c) => num(c.getValue()),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
    col.accessor('coverage', {
      header: t('metric.coverage'),
      cell: (c) => formatVillagePercent(c.getValue(), lang),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
    col.accessor('activeCoverage', {
      header: t('metric.active_coverage'),
      cell: (c) => formatVillagePercent(c.getValue(), lang),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
    col.accessor('activities', {
      header: t('metric.activities'),
      cell: (c) => num(c.getValue()),
      meta: { align: 'right' },
      sortDescFirst: true,
    }),
  ]
  const compare = options.compare
  if (!compare) return columns
  return [
    col.display({
      id: 'compare',
      header: () => <span className="visually-hidden">{t('regions.compareColumn')}</span>,
      cell: (c) => {
        const code = c.row.original.key
        const checked = compare.selected.includes(code)
        return (
          <input
            type="checkbox"
            checked={checked}
            disabled={!checked && compare.selected.length >= compare.max}
            onChange={() => compare.toggle(code)}
            aria-label={t('regions.compareOne', { name: c.row.original.label })}
          />
        )
      },
    }),
    ...columns,
  ]
}

import { createColumnHelper } from '@tanstack/react-table'
import type { KimGroup } from '@jangkau/shared'
import type { TFunction } from 'i18next'
import { Link } from 'react-router'
import { StatusBadge } from '../components/StatusBadge.tsx'
import { formatDay, formatNumber, type Lang } from '../data/format.ts'

const col = createColumnHelper<KimGroup>()

/**
 * Columns of the KIM registry. The API lists groups in its own order (by name) and takes no sort
 * parameter, so no column offers sorting.
 */
export function kimGroupColumns(t: TFunction, lang: Lang, options: { showRegion?: boolean } = {}) {
  const region = col.accessor('regionName', { header: t('kim.regency'), enableSorting: false })
  return [
    col.accessor('name', {
      header: t('kim.group'),
      enableSorting: false,
      cell: (c) => (
        <Link to={`/kim/grup/${c.row.original.id}`} className="strong-link">
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor('villageName', {
      header: t('kim.village'),
      enableSorting: false,
      cell: (c) => `${c.getValue()}, ${c.row.original.districtName}`,
    }),
    ...((options.showRegion ?? true) ? [region] : []),
    col.accessor('status', { header: t('kim.statusLabel'), enableSorting: false, cell: (c) => <StatusBadge status={c.getValue()} /> }),
    col.accessor('members', {
      header: t('kim.members'),
      enableSorting: false,
      cell: (c) => formatNumber(c.getValue(), lang),
      meta: { align: 'right' },
    }),
    col.accessor('lastActivityDate', {
      header: t('kim.lastActivity'),
      enableSorting: false,
      meta: { className: 'nowrap' },
      cell: (c) => {
        const v = c.getValue()
        return v ? formatDay(v, lang) : <span className="muted">{t('kim.noActivity')}</span>
      },
    }),
    col.accessor('budget', { header: t('kim.budget'), enableSorting: false, cell: (c) => t(`kim.budgetValue.${budgetKey(c.getValue())}`) }),
  ]
}

export function budgetKey(budget: KimGroup['budget']): 'ya' | 'tidak' | 'unknown' {
  return budget === 'belum diketahui' ? 'unknown' : budget
}

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  type PaginationState,
  type RowData,
  type SortingState,
  type Updater,
  useReactTable,
} from '@tanstack/react-table'
import { type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'

declare module '@tanstack/react-table' {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Numbers right-aligned, so digits line up. */
    align?: 'left' | 'right' | 'center'
    /** Extra class for the column's cells ("nowrap" keeps dates on one line). */
    className?: string
  }
}

export const PAGE_SIZES = [10, 25, 50, 100] as const

/** `data` while nothing has loaded yet: one array for every render, so the table's rows stay memoised. */
export const NO_ROWS: readonly never[] = []

export interface DataTableProps<T> {
  /** The table's name: shown above it (or only to screen readers with captionHidden). */
  caption: string
  captionHidden?: boolean
  // Columns hold values of different types; `any` here is what @tanstack/react-table documents.
  columns: ColumnDef<T, any>[]
  data: readonly T[]
  getRowId?: (row: T, index: number) => string
  /**
   * Server-side mode: `data` is one page already sorted by the server, `rowCount` the total.
   * Then `sorting`/`pagination` must be controlled and the callbacks fetch the next page.
   */
  manual?: boolean
  rowCount?: number
  sorting?: SortingState
  onSortingChange?: (sorting: SortingState) => void
  pagination?: PaginationState
  onPaginationChange?: (pagination: PaginationState) => void
  /** False for short tables (the ten regencies) that never page. Default true. */
  paged?: boolean
  initialSorting?: SortingState
  initialPageSize?: number
  loading?: boolean
  /** Shown in the body when there are no rows (say what to do next). */
  empty?: ReactNode
  /** Extra controls at the right of the caption line (Unduh CSV). */
  actions?: ReactNode
}

function apply<S>(updater: Updater<S>, current: S): S {
  return typeof updater === 'function' ? (updater as (old: S) => S)(current) : updater
}

/**
 * The one table of the dashboard (on @tanstack/react-table): sortable headers that are buttons
 * with aria-sort, paging with a page-size choice, skeleton rows while loading, an empty state.
 * Client-side by default; `manual` hands sorting and paging to the caller (server-side).
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation()
  const lang = useLang()
  const captionId = useId()
  const paged = props.paged ?? true
  const [ownSorting, setOwnSorting] = useState<SortingState>(props.initialSorting ?? [])
  const [ownPagination, setOwnPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: props.initialPageSize ?? 25 })
  const sorting = props.sorting ?? ownSorting
  const pagination = props.pagination ?? ownPagination

  const setPagination = (next: PaginationState) => {
    if (props.onPaginationChange) props.onPaginationChange(next)
    if (!props.pagination) setOwnPagination(next)
  }
  const setSorting = (next: SortingState) => {
    if (props.onSortingChange) props.onSortingChange(next)
    if (!props.sorting) setOwnSorting(next)
    // New order, new first page. In manual mode the caller resets its page with the new sort.
    if (!props.manual && pagination.pageIndex !== 0) setPagination({ ...pagination, pageIndex: 0 })
  }

  const table = useReactTable<T>({
    data: props.data as T[],
    columns: props.columns,
    getRowId: props.getRowId,
    state: { sorting, pagination: paged ? pagination : { pageIndex: 0, pageSize: Math.max(props.data.length, 1) } },
    onSortingChange: (updater) => setSorting(apply(updater, sorting)),
    onPaginationChange: (updater) => setPagination(apply(updater, pagination)),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: props.manual ? undefined : getSortedRowModel(),
    getPaginationRowModel: props.manual || !paged ? undefined : getPaginationRowModel(),
    manualSorting: props.manual,
    manualPagination: props.manual || !paged,
    rowCount: props.manual ? (props.rowCount ?? props.data.length) : undefined,
    autoResetPageIndex: false,
    enableSortingRemoval: false,
  })

  // The row's name stays in view while the numbers scroll sideways (on a phone): the first data
  // column is sticky, with any tick column before it.
  const leafColumns = table.getVisibleLeafColumns()
  const stickyCount = Math.max(1, leafColumns.findIndex((c) => c.accessorFn !== undefined) + 1)
  const tableRef = useStickyOffsets(stickyCount)
  const stickyClass = (index: number) => (index < stickyCount ? `sticky-col${index === stickyCount - 1 ? ' sticky-col-last' : ''}` : '')
  const stickyStyle = (index: number) => (index > 0 && index < stickyCount ? { left: `var(--sticky-left-${index})` } : undefined)
  const classOf = (meta: { align?: string; className?: string } | undefined, index: number) =>
    [meta?.align ? `align-${meta.align}` : '', meta?.className ?? '', stickyClass(index)].join(' ').trim() || undefined

  const total = props.manual ? (props.rowCount ?? props.data.length) : props.data.length
  const pageCount = Math.max(1, Math.ceil(total / pagination.pageSize))
  const rows = table.getRowModel().rows
  const columnCount = leafColumns.length

  return (
    <div className="data-table">
      <div className="table-caption-row">
        <p id={captionId} className={props.captionHidden ? 'visually-hidden' : 'table-caption'}>
          {props.caption}
        </p>
        {props.actions ? <div className="table-actions">{props.actions}</div> : null}
      </div>
      {/* Focusable so keyboard users can scroll a wide table sideways on a phone. A group, not a
          region: the panel around it is already the landmark with this name. */}
      {/* biome-ignore lint/a11y/useSemanticElements: a scroll region for keyboard users, not a set of form controls:
           a fieldset is wrong here */}
      <div className="table-scroll" role="group" aria-labelledby={captionId} tabIndex={0}>
        <table ref={tableRef} aria-labelledby={captionId} aria-busy={props.loading || undefined}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header, index) => {
                  const meta = header.column.columnDef.meta
                  const sorted = header.column.getIsSorted()
                  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={classOf(meta, index)}
                      style={stickyStyle(index)}
                      aria-sort={
                        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : header.column.getCanSort() ? 'none' : undefined
                      }
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          {content}
                          <span className="sort-indicator" aria-hidden="true">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        content
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {props.loading ? (
              Array.from({ length: Math.min(pagination.pageSize, 8) }, (_, i) => (
                /* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <tr> without tabIndex is not focusable;
                   the placeholder row is hidden from screen readers on purpose */
                // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder rows with no identity of their own, never reordered
                <tr key={`skeleton-${i}`} aria-hidden="true">
                  {Array.from({ length: columnCount }, (_, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder cells, never reordered
                    <td key={j} className={stickyClass(j) || undefined} style={stickyStyle(j)}>
                      <div className="skeleton" style={{ height: 14 }} />
                    </td>
                  ))}
                </tr>
              ))
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="table-empty">
                  {props.empty ?? t('table.empty')}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  {row.getVisibleCells().map((cell, index) => {
                    const meta = cell.column.columnDef.meta
                    return (
                      <td key={cell.id} className={classOf(meta, index)} style={stickyStyle(index)}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    )
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {props.loading ? (
        <p className="visually-hidden" role="status">
          {t('state.loading')}
        </p>
      ) : null}
      {paged && total > 0 ? (
        <nav className="pager" aria-label={t('table.paging', { name: props.caption })}>
          <button
            type="button"
            className="button secondary small"
            onClick={() => table.previousPage()}
            disabled={pagination.pageIndex === 0 || props.loading}
          >
            {t('table.previous')}
          </button>
          <span className="pager-status" aria-live="polite">
            {t('table.pageOf', {
              page: formatNumber(pagination.pageIndex + 1, lang),
              pages: formatNumber(pageCount, lang),
              rows: formatNumber(total, lang),
            })}
          </span>
          <button
            type="button"
            className="button secondary small"
            onClick={() => table.nextPage()}
            disabled={pagination.pageIndex + 1 >= pageCount || props.loading}
          >
            {t('table.next')}
          </button>
          <label className="page-size">
            {t('table.pageSize')}{' '}
            <select value={pagination.pageSize} onChange={(e) => setPagination({ pageIndex: 0, pageSize: Number(e.target.value) })}>
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        </nav>
      ) : null}
    </div>
  )
}

/**
 * With more than one sticky column (a tick column before the name), each sticks where the ones
 * before it end: their widths are measured into --sticky-left-N on the table after every render and
 * on every resize.
 */
function useStickyOffsets(count: number) {
  const ref = useRef<HTMLTableElement>(null)
  const measure = useRef(() => {})
  measure.current = () => {
    const table = ref.current
    if (!table || count < 2) return
    const cells = table.querySelectorAll(':scope > thead > tr:first-child > th')
    let left = 0
    for (let i = 1; i < count; i++) {
      left += cells[i - 1]?.getBoundingClientRect().width ?? 0
      table.style.setProperty(`--sticky-left-${i}`, `${left}px`)
    }
  }
  useLayoutEffect(() => measure.current())
  useLayoutEffect(() => {
    const table = ref.current
    if (!table || count < 2) return
    const observer = new ResizeObserver(() => measure.current())
    observer.observe(table)
    return () => observer.disconnect()
  }, [count])
  return ref
}

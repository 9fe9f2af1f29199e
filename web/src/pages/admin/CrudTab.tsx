import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import { type ColumnDef, createColumnHelper, type SortingState } from '@tanstack/react-table'
import { type FormEvent, Fragment, type ReactNode, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../api/client.ts'
import { DownloadCsv } from '../../components/DownloadCsv.tsx'
import { Panel } from '../../components/Panel.tsx'
import { SaveCancelActions } from '../../components/SaveCancelActions.tsx'
import { ErrorState, useErrorText } from '../../components/States.tsx'
import type { CsvValue } from '@jangkau/shared'
import { DataTable, NO_ROWS } from '../../tables/DataTable.tsx'

/*
 * The shape the admin lists share (Pengguna, Token, Situs, Kategori): a panel with "Tambah …", the
 * list as a DataTable with "Unduh CSV", an edit button per row that opens the form above the list,
 * and a destructive action per row (delete, revoke) asked for with a confirm. Each tab says what is
 * particular to it: its columns, its form, its CSV, its extra row actions.
 */

interface Row {
  id: number
  name: string
}

/** A per-row destructive write, asked for with a confirm: `verb` names its texts (admin.delete, admin.deleteNamed, admin.deleteConfirm). */
export interface RemoveAction<T> {
  mutation: UseMutationResult<unknown, ApiError, number>
  verb: 'delete' | 'revoke'
  /** Rows that offer it (default all); a stable function, it is part of the columns. */
  offered?: (row: T) => boolean
}

export interface CrudTabProps<T extends Row> {
  /** Title of the list's panel; also what the error message says could not be loaded. */
  title: string
  subtitle?: ReactNode
  /** Text of the button that opens an empty form ("Tambah situs"). */
  addLabel: string
  list: UseQueryResult<{ items: T[]; total: number }, ApiError>
  /** The rows shown, when not every item of the list (default: list.data.items). */
  rows?: readonly T[]
  /** The tab's own columns, memoised by the tab; the actions column is added here. */
  // biome-ignore lint/suspicious/noExplicitAny: columns hold values of different types; `any` is what @tanstack/react-table documents.
  columns: ColumnDef<T, any>[]
  caption: string
  captionHidden?: boolean
  initialSorting?: SortingState
  empty: ReactNode
  csv: { fileName: string; header: string[]; row: (row: T) => CsvValue[] }
  /** The form for a new row (null) or for `row`; `done` closes it. */
  form: (row: T | null, done: () => void) => ReactNode
  /** An edit button per row (default true; tokens cannot be changed, only revoked). */
  editable?: boolean
  remove?: RemoveAction<T>
  /** More buttons per row, after Ubah (a user's "Buka kunci"). Memoise it: it is part of the columns. */
  rowActions?: (row: T) => ReactNode
  /** Above the form (a new token's secret). */
  above?: ReactNode
  /** Between the form and the list (the categories portals sent that wait for an admin). */
  beforeList?: ReactNode
  /** Messages inside the list's panel, above the table (an unlock's outcome). */
  notices?: ReactNode
}

const rowId = (row: Row) => String(row.id)

export function CrudTab<T extends Row>(props: CrudTabProps<T>) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const [editing, setEditing] = useState<T | 'new' | null>(null)
  const { list, remove, rowActions, editable = true, csv } = props
  const rows = props.rows ?? list.data?.items ?? NO_ROWS

  const removing = remove?.mutation.isPending
  const removeMutate = remove?.mutation.mutate
  const { verb, offered } = remove ?? {}
  const columns = useMemo(() => {
    const actions = createColumnHelper<T>().display({
      id: 'actions',
      header: () => <span className="visually-hidden">{t('admin.actions')}</span>,
      cell: (c) => {
        const row = c.row.original
        const name = row.name
        const more = rowActions?.(row)
        const buttons = [
          editable ? (
            <button
              key="edit"
              type="button"
              className="button ghost small"
              onClick={() => setEditing(row)}
              aria-label={t('admin.editNamed', { name })}
            >
              {t('admin.edit')}
            </button>
          ) : null,
          more ? <Fragment key="more">{more}</Fragment> : null,
          removeMutate && verb && (offered?.(row) ?? true) ? (
            <button
              key="remove"
              type="button"
              className="button danger small"
              disabled={removing}
              aria-label={t(`admin.${verb}Named`, { name })}
              onClick={() => {
                if (window.confirm(t(`admin.${verb}Confirm`, { name }))) removeMutate(row.id)
              }}
            >
              {t(`admin.${verb}`)}
            </button>
          ) : null,
        ].filter(Boolean)
        // One button stands alone; several sit in a row.
        return buttons.length > 1 || more ? <span className="row-actions">{buttons}</span> : (buttons[0] ?? null)
      },
    })
    return [...props.columns, actions]
  }, [props.columns, t, editable, rowActions, removing, removeMutate, verb, offered])

  return (
    <>
      {props.above}
      {/* Keyed by the row, so opening another row's form starts from that row's values. */}
      {editing ? (
        <Fragment key={editing === 'new' ? 'new' : editing.id}>
          {props.form(editing === 'new' ? null : editing, () => setEditing(null))}
        </Fragment>
      ) : null}
      {props.beforeList}
      <Panel
        title={props.title}
        subtitle={props.subtitle}
        busy={list.isFetching}
        actions={
          <button type="button" className="button small" onClick={() => setEditing('new')}>
            {props.addLabel}
          </button>
        }
      >
        {remove?.mutation.isError ? (
          <p className="notice error" role="alert">
            {errorText(remove.mutation.error)}
          </p>
        ) : null}
        {props.notices}
        {list.isError ? (
          <ErrorState error={list.error} what={props.title.toLowerCase()} onRetry={() => void list.refetch()} />
        ) : (
          <DataTable
            caption={props.caption}
            captionHidden={props.captionHidden}
            columns={columns}
            data={rows}
            getRowId={rowId}
            loading={list.isPending}
            initialSorting={props.initialSorting}
            empty={props.empty}
            actions={<DownloadCsv build={() => ({ header: csv.header, rows: rows.map(csv.row) })} fileName={csv.fileName} />}
          />
        )}
      </Panel>
    </>
  )
}

/**
 * An admin form: its panel, the save error, the fields, Simpan and Batal. `onSubmit` runs the
 * tab's own checks and the save.
 */
export function CrudForm({
  title,
  save,
  onSubmit,
  onCancel,
  saveLabel,
  children,
}: {
  title: string
  save: { isPending: boolean; isError: boolean; error: ApiError | null }
  onSubmit: () => void
  onCancel: () => void
  saveLabel?: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit()
  }
  return (
    <Panel title={title} className="form-panel">
      <form onSubmit={submit} noValidate>
        {save.isError ? (
          <p className="notice error" role="alert">
            {t('form.saveFailed')} {errorText(save.error)}
          </p>
        ) : null}
        {children}
        <SaveCancelActions saving={save.isPending} onCancel={onCancel} saveLabel={saveLabel} />
      </form>
    </Panel>
  )
}

import { createColumnHelper } from '@tanstack/react-table'
import type { Category } from '@jangkau/shared'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDeleteCategoryMutation, useSaveCategoryMutation } from '../../api/use-admin-queries.ts'
import { useCategoriesQuery } from '../../api/use-categories-query.ts'
import { DownloadCsv } from '../../components/DownloadCsv.tsx'
import { Field } from '../../components/Field.tsx'
import { Panel } from '../../components/Panel.tsx'
import { EmptyState, ErrorState, useErrorText } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { DataTable } from '../../tables/DataTable.tsx'
import { SaveCancelActions } from '../../components/SaveCancelActions.tsx'

const col = createColumnHelper<Category>()
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** "Pemerintahan" → "pemerintahan", "Sosial & Budaya" → "sosial-budaya". */
function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
}

export function CategoriesTab() {
  const { t } = useTranslation()
  const categories = useCategoriesQuery()
  const remove = useDeleteCategoryMutation()
  const errorText = useErrorText()
  const [editing, setEditing] = useState<Category | 'new' | null>(null)
  const columns = [
    col.accessor('name', { header: t('admin.name') }),
    col.accessor('slug', { header: t('admin.slug'), cell: (c) => <code>{c.getValue()}</code> }),
    col.display({
      id: 'actions',
      header: () => <span className="visually-hidden">{t('admin.actions')}</span>,
      cell: (c) => (
        <span className="row-actions">
          <button type="button" className="button ghost small" onClick={() => setEditing(c.row.original)} aria-label={t('admin.editNamed', { name: c.row.original.name })}>
            {t('admin.edit')}
          </button>
          <button
            type="button"
            className="button danger small"
            disabled={remove.isPending}
            aria-label={t('admin.deleteNamed', { name: c.row.original.name })}
            onClick={() => {
              if (window.confirm(t('admin.deleteConfirm', { name: c.row.original.name }))) remove.mutate(c.row.original.id)
            }}
          >
            {t('admin.delete')}
          </button>
        </span>
      ),
    }),
  ]
  return (
    <>
      {editing ? <CategoryForm key={editing === 'new' ? 'new' : editing.id} category={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      <Panel
        title={t('admin.tabs.kategori')}
        busy={categories.isFetching}
        actions={
          <button type="button" className="button small" onClick={() => setEditing('new')}>
            {t('admin.addCategory')}
          </button>
        }
      >
        {remove.isError ? (
          <p className="notice error" role="alert">
            {errorText(remove.error)}
          </p>
        ) : null}
        {categories.isError ? (
          <ErrorState error={categories.error} what={t('admin.tabs.kategori').toLowerCase()} onRetry={() => void categories.refetch()} />
        ) : (
          <DataTable
            caption={t('admin.tabs.kategori')}
            captionHidden
            columns={columns}
            data={categories.data?.items ?? []}
            getRowId={(c) => String(c.id)}
            loading={categories.isPending}
            initialSorting={[{ id: 'name', desc: false }]}
            empty={<EmptyState title={t('empty.noCategories')} hint={t('admin.noCategoriesHint')} />}
            actions={
              <DownloadCsv
                build={() => ({ header: ['id', t('admin.name'), t('admin.slug')], rows: (categories.data?.items ?? []).map((x) => [x.id, x.name, x.slug]) })}
                fileName={csvFileName('kategori')}
              />
            }
          />
        )}
      </Panel>
    </>
  )
}

function CategoryForm({ category, onDone }: { category: Category | null; onDone: () => void }) {
  const { t } = useTranslation()
  const save = useSaveCategoryMutation()
  const errorText = useErrorText()
  const [name, setName] = useState(category?.name ?? '')
  const [slug, setSlug] = useState(category?.slug ?? '')
  const [slugTouched, setSlugTouched] = useState(category !== null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const e: Record<string, string> = {}
    if (!name.trim()) e.name = t('form.required')
    if (!SLUG.test(slug)) e.slug = t('form.slug')
    setErrors(e)
    if (Object.keys(e).length > 0) return
    save.mutate({ id: category?.id ?? null, body: { name: name.trim(), slug } }, { onSuccess: onDone })
  }
  return (
    <Panel title={category ? t('admin.editNamed', { name: category.name }) : t('admin.addCategory')} className="form-panel">
      <form onSubmit={submit} noValidate>
        {save.isError ? (
          <p className="notice error" role="alert">
            {t('form.saveFailed')} {errorText(save.error)}
          </p>
        ) : null}
        <div className="field-row">
          <Field label={t('admin.name')} required error={errors.name}>
            {(p) => (
              <input
                {...p}
                value={name}
                maxLength={100}
                onChange={(e) => {
                  setName(e.target.value)
                  if (!slugTouched) setSlug(slugify(e.target.value))
                }}
              />
            )}
          </Field>
          <Field label={t('admin.slug')} required hint={t('admin.slugHint')} error={errors.slug}>
            {(p) => (
              <input
                {...p}
                value={slug}
                maxLength={100}
                onChange={(e) => {
                  setSlugTouched(true)
                  setSlug(e.target.value)
                }}
              />
            )}
          </Field>
        </div>
        <SaveCancelActions saving={save.isPending} onCancel={onDone} />
      </form>
    </Panel>
  )
}

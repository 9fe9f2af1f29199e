import { createColumnHelper } from '@tanstack/react-table'
import type { Category, UnmappedCategory } from '@jangkau/shared'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  useAdoptCategoryMutation,
  useDeleteCategoryMutation,
  useMapCategoryMutation,
  useSaveCategoryMutation,
  useUnmappedCategoriesQuery,
} from '../../api/use-admin-queries.ts'
import { useCategoriesQuery } from '../../api/use-categories-query.ts'
import { DownloadCsv } from '../../components/DownloadCsv.tsx'
import { Field } from '../../components/Field.tsx'
import { Panel } from '../../components/Panel.tsx'
import { EmptyState, ErrorState, useErrorText } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatNumber } from '../../data/format.ts'
import { useLang } from '../../i18n/use-lang.ts'
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
  // The names portals sent that no admin set up yet are listed apart, above.
  const mapped = (categories.data?.items ?? []).filter((c) => c.mapped)
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
      <UnmappedPanel targets={mapped} />
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
            data={mapped}
            getRowId={(c) => String(c.id)}
            loading={categories.isPending}
            initialSorting={[{ id: 'name', desc: false }]}
            empty={<EmptyState title={t('empty.noCategories')} hint={t('admin.noCategoriesHint')} />}
            actions={
              <DownloadCsv
                build={() => ({ header: ['id', t('admin.name'), t('admin.slug')], rows: mapped.map((x) => [x.id, x.name, x.slug]) })}
                fileName={csvFileName('kategori')}
              />
            }
          />
        )}
      </Panel>
    </>
  )
}

const unmappedCol = createColumnHelper<UnmappedCategory>()

/**
 * Category names portals sent that no admin set up yet: each is counted under its own name until it
 * is adopted as a category or mapped onto one (its articles and counts move, later views follow).
 */
function UnmappedPanel({ targets }: { targets: Category[] }) {
  const { t } = useTranslation()
  const lang = useLang()
  const unmapped = useUnmappedCategoriesQuery()
  const adopt = useAdoptCategoryMutation()
  const map = useMapCategoryMutation()
  const errorText = useErrorText()
  const [chosen, setChosen] = useState<Record<number, string>>({})
  const failed = adopt.error ?? map.error
  const columns = [
    unmappedCol.accessor('name', { header: t('admin.name') }),
    unmappedCol.accessor('variants', { header: t('admin.variants'), cell: (c) => c.getValue().join(', '), enableSorting: false }),
    unmappedCol.accessor('articles', { header: t('metric.articles'), cell: (c) => formatNumber(c.getValue(), lang), meta: { align: 'right' }, sortDescFirst: true }),
    unmappedCol.accessor('views', { header: t('metric.views'), cell: (c) => formatNumber(c.getValue(), lang), meta: { align: 'right' }, sortDescFirst: true }),
    unmappedCol.display({
      id: 'actions',
      header: () => <span className="visually-hidden">{t('admin.actions')}</span>,
      cell: (c) => {
        const row = c.row.original
        const targetId = Number(chosen[row.id] ?? '')
        const target = targets.find((x) => x.id === targetId)
        return (
          <span className="row-actions">
            <button
              type="button"
              className="button ghost small"
              disabled={adopt.isPending}
              aria-label={t('admin.adoptNamed', { name: row.name })}
              onClick={() => adopt.mutate({ id: row.id, body: {} })}
            >
              {t('admin.adopt')}
            </button>
            <select
              aria-label={t('admin.mapToNamed', { name: row.name })}
              value={chosen[row.id] ?? ''}
              onChange={(e) => setChosen({ ...chosen, [row.id]: e.target.value })}
            >
              <option value="">{t('admin.chooseCategory')}</option>
              {targets.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button small"
              aria-label={t('admin.mapNamed', { name: row.name })}
              disabled={!target || map.isPending}
              onClick={() => {
                const question = t('admin.mapConfirm', { articles: formatNumber(row.articles, lang), views: formatNumber(row.views, lang), name: row.name, target: target!.name })
                if (window.confirm(question)) map.mutate({ id: row.id, targetId })
              }}
            >
              {t('admin.map')}
            </button>
          </span>
        )
      },
    }),
  ]
  return (
    <Panel title={t('admin.unmappedTitle')} busy={unmapped.isFetching}>
      <p className="muted">{t('admin.unmappedHint')}</p>
      {failed ? (
        <p className="notice error" role="alert">
          {errorText(failed)}
        </p>
      ) : null}
      {map.data ? (
        <p className="notice success" role="status">
          {t('admin.mapped', { articles: formatNumber(map.data.articles, lang), target: map.data.target.name })}
        </p>
      ) : null}
      {unmapped.isError ? (
        <ErrorState error={unmapped.error} what={t('admin.unmappedTitle').toLowerCase()} onRetry={() => void unmapped.refetch()} />
      ) : (
        <DataTable
          caption={t('admin.unmappedTitle')}
          captionHidden
          columns={columns}
          data={unmapped.data?.items ?? []}
          getRowId={(c) => String(c.id)}
          loading={unmapped.isPending}
          initialSorting={[{ id: 'views', desc: true }]}
          empty={<EmptyState title={t('admin.noUnmapped')} />}
        />
      )}
    </Panel>
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

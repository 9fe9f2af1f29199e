import { createColumnHelper } from '@tanstack/react-table'
import type { Category, UnmappedCategory } from '@jangkau/shared'
import { SLUG_PATTERN, matches } from '@jangkau/shared/vocab'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  useAdoptCategoryMutation,
  useDeleteCategoryMutation,
  useMapCategoryMutation,
  useSaveCategoryMutation,
  useUnmappedCategoriesQuery,
} from '../../api/use-admin-queries.ts'
import { useCategoriesQuery } from '../../api/use-categories-query.ts'
import { Field } from '../../components/Field.tsx'
import { Panel } from '../../components/Panel.tsx'
import { EmptyState, ErrorState, useErrorText } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatNumber } from '../../data/format.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { DataTable, NO_ROWS } from '../../tables/DataTable.tsx'
import { CrudForm, CrudTab } from './CrudTab.tsx'

const col = createColumnHelper<Category>()

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
  // The names portals sent that no admin set up yet are listed apart, above.
  const mapped = useMemo(() => (categories.data?.items ?? []).filter((c) => c.mapped), [categories.data])
  const columns = useMemo(
    () => [
      col.accessor('name', { header: t('admin.name') }),
      col.accessor('slug', { header: t('admin.slug'), cell: (c) => <code>{c.getValue()}</code> }),
    ],
    [t],
  )
  return (
    <CrudTab
      title={t('admin.tabs.kategori')}
      addLabel={t('admin.addCategory')}
      list={categories}
      rows={mapped}
      columns={columns}
      remove={{ mutation: remove, verb: 'delete' }}
      caption={t('admin.tabs.kategori')}
      captionHidden
      initialSorting={[{ id: 'name', desc: false }]}
      empty={<EmptyState title={t('empty.noCategories')} hint={t('admin.noCategoriesHint')} />}
      csv={{ fileName: csvFileName('kategori'), header: ['id', t('admin.name'), t('admin.slug')], row: (x) => [x.id, x.name, x.slug] }}
      form={(category, done) => <CategoryForm category={category} onDone={done} />}
      beforeList={<UnmappedPanel targets={mapped} />}
    />
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
  const adopting = adopt.isPending
  const adoptMutate = adopt.mutate
  const mapping = map.isPending
  const mapMutate = map.mutate
  const columns = useMemo(
    () => [
      unmappedCol.accessor('name', { header: t('admin.name') }),
      unmappedCol.accessor('variants', { header: t('admin.variants'), cell: (c) => c.getValue().join(', '), enableSorting: false }),
      unmappedCol.accessor('articles', {
        header: t('metric.articles'),
        cell: (c) => formatNumber(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
      unmappedCol.accessor('views', {
        header: t('metric.views'),
        cell: (c) => formatNumber(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
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
                disabled={adopting}
                aria-label={t('admin.adoptNamed', { name: row.name })}
                onClick={() => adoptMutate({ id: row.id, body: {} })}
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
                disabled={!target || mapping}
                onClick={() => {
                  const question = t('admin.mapConfirm', {
                    articles: formatNumber(row.articles, lang),
                    views: formatNumber(row.views, lang),
                    name: row.name,
                    target: target!.name,
                  })
                  if (window.confirm(question)) mapMutate({ id: row.id, targetId })
                }}
              >
                {t('admin.map')}
              </button>
            </span>
          )
        },
      }),
    ],
    [t, lang, chosen, targets, adopting, adoptMutate, mapping, mapMutate],
  )
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
          data={unmapped.data?.items ?? NO_ROWS}
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
  const [name, setName] = useState(category?.name ?? '')
  const [slug, setSlug] = useState(category?.slug ?? '')
  const [slugTouched, setSlugTouched] = useState(category !== null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = () => {
    const e: Record<string, string> = {}
    if (!name.trim()) e.name = t('form.required')
    if (!matches(SLUG_PATTERN, slug)) e.slug = t('form.slug')
    setErrors(e)
    if (Object.keys(e).length > 0) return
    save.mutate({ id: category?.id ?? null, body: { name: name.trim(), slug } }, { onSuccess: onDone })
  }
  return (
    <CrudForm
      title={category ? t('admin.editNamed', { name: category.name }) : t('admin.addCategory')}
      save={save}
      onSubmit={submit}
      onCancel={onDone}
    >
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
    </CrudForm>
  )
}

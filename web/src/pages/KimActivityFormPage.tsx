import { KIM_ACTIVITY_TYPES, KIM_LIMITS } from '@jangkau/shared/vocab'
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import type { KimActivity } from '@jangkau/shared'
import { useKimActivityQuery } from '../api/use-kim-activities-query.ts'
import { useKimGroupsQuery } from '../api/use-kim-groups-query.ts'
import { useCreateKimActivityMutation, useUpdateKimActivityMutation } from '../api/use-kim-mutations.ts'
import { DeleteActivityButton } from '../components/DeleteActivityButton.tsx'
import { Field } from '../components/Field.tsx'
import { useMe } from '../components/Layout.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState, useErrorText } from '../components/States.tsx'
import { dayIn } from '../data/dates.ts'
import {
  type ActivityFormValues,
  activityFormFrom,
  activityPatch,
  emptyActivityForm,
  newIdempotencyKey,
  validateActivityForm,
} from '../data/kim-form.ts'
import { canWriteKim } from '../data/roles.ts'
import NotFoundPage from './NotFoundPage.tsx'

/**
 * /kim/kegiatan/baru?grup=ID records a KIM activity; /kim/kegiatan/:id/ubah changes or deletes one
 * (admins, and operators of the group's regency; the server decides again and audits).
 */
export default function KimActivityFormPage() {
  const { t } = useTranslation()
  const me = useMe()
  const { id: idParam } = useParams()
  const id = idParam === undefined ? null : /^\d{1,10}$/.test(idParam) ? Number(idParam) : -1
  const activity = useKimActivityQuery(id !== null && id > 0 ? id : null)

  if (id === -1 || (activity.isError && activity.error.status === 404)) return <NotFoundPage />
  if (id !== null && activity.isPending) return <Skeleton height={40} lines={6} />
  if (id !== null && activity.isError) {
    return <ErrorState error={activity.error} what={t('kim.oneActivity')} onRetry={() => void activity.refetch()} />
  }
  const stored = id !== null ? (activity.data ?? null) : null
  const title = stored ? t('kim.editActivityTitle', { title: stored.title }) : t('kim.addActivity')
  if (!canWriteKim(me, stored?.regionCode)) {
    return (
      <>
        <PageHeader title={title} />
        <EmptyState title={t('kim.notAllowed')} hint={t('kim.notAllowedHint')} action={<Link to="/kim">{t('nav.kim')}</Link>} />
      </>
    )
  }
  return <ActivityForm key={id ?? 'new'} stored={stored} title={title} />
}

function ActivityForm({ stored, title }: { stored: KimActivity | null; title: string }) {
  const { t } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const today = dayIn(new Date())
  const preset = params.get('grup') ?? ''
  const original = useMemo(() => (stored ? activityFormFrom(stored) : null), [stored])
  const [values, setValues] = useState<ActivityFormValues>(() => original ?? emptyActivityForm(/^\d+$/.test(preset) ? preset : '', today))
  const [errors, setErrors] = useState<ReturnType<typeof validateActivityForm>['errors']>({})
  // One key per form: a double click or a retry after a lost answer records the activity once.
  const [idempotencyKey] = useState(newIdempotencyKey)
  const create = useCreateKimActivityMutation()
  const update = useUpdateKimActivityMutation(stored?.id ?? 0)
  const save = stored ? update : create
  const errorText = useErrorText()
  const alertRef = useRef<HTMLDivElement>(null)

  // Operators see the groups of their own regency (the API takes one regency per request).
  const region = me.role === 'operator' && me.regions.length === 1 ? me.regions[0] : undefined
  const groups = useKimGroupsQuery({ region, limit: 500 })
  const options = useMemo(() => {
    // The activity's own group stays offered even when it has since been dissolved.
    const writable = (groups.data?.items ?? []).filter(
      (g) => canWriteKim(me, g.regionCode) && (g.status !== 'bubar' || g.id === stored?.groupId),
    )
    const byRegion = new Map<string, typeof writable>()
    for (const g of writable) byRegion.set(g.regionName, [...(byRegion.get(g.regionName) ?? []), g])
    return [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b))
  }, [groups.data, me, stored])

  useEffect(() => {
    if (save.isError || Object.keys(errors).length > 0) alertRef.current?.focus()
  }, [save.isError, errors])

  const set =
    <K extends keyof ActivityFormValues>(key: K) =>
    (event: { target: { value: string } }) =>
      setValues((v) => ({ ...v, [key]: event.target.value }))
  const err = (key: keyof ActivityFormValues) => (errors[key] ? t(`form.${errors[key]}`) : null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const result = validateActivityForm(values, today)
    setErrors(result.errors)
    if (!result.body) return
    const done = (a: KimActivity) => navigate(`/kim/grup/${a.groupId}`, { state: { saved: 'activity' } })
    if (!stored || !original) return create.mutate({ body: result.body, idempotencyKey }, { onSuccess: done })
    // Only what changed goes to PATCH (and into the audit log's before/after).
    const before = validateActivityForm(original, '9999-12-31').body
    const patch = before ? activityPatch(before, result.body) : result.body
    if (patch === null) return navigate(`/kim/grup/${stored.groupId}`)
    update.mutate(patch, { onSuccess: done })
  }
  const errorCount = Object.keys(errors).length

  return (
    <>
      <PageHeader
        title={title}
        crumbs={
          <>
            <Link to="/kim">{t('nav.kim')}</Link> <span aria-hidden="true">›</span>{' '}
            {stored ? (
              <>
                <Link to={`/kim/grup/${stored.groupId}`}>{stored.groupName}</Link> <span aria-hidden="true">›</span>{' '}
              </>
            ) : null}
            <span aria-current="page">{title}</span>
          </>
        }
      />
      {groups.isError ? (
        <ErrorState error={groups.error} what={t('kim.registry').toLowerCase()} onRetry={() => void groups.refetch()} />
      ) : null}
      <form className="form-card" onSubmit={submit} noValidate aria-label={title}>
        <div ref={alertRef} tabIndex={-1}>
          {errorCount > 0 ? (
            <p className="notice error" role="alert">
              {t('form.fixErrors', { count: errorCount })}
            </p>
          ) : save.isError ? (
            <p className="notice error" role="alert">
              {t('form.saveFailed')} {errorText(save.error)}
            </p>
          ) : null}
        </div>
        <Field label={t('kim.group')} required error={err('groupId')}>
          {(p) => (
            <select {...p} value={values.groupId} onChange={set('groupId')} disabled={groups.isPending}>
              <option value="">{groups.isPending ? t('state.loading') : t('kim.chooseGroup')}</option>
              {options.map(([regionName, list]) => (
                <optgroup key={regionName} label={regionName}>
                  {list.map((g) => (
                    <option key={g.id} value={String(g.id)}>
                      {g.name} — {g.villageName}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <div className="field-row">
          <Field label={t('kim.type.label')} required error={err('type')}>
            {(p) => (
              <select {...p} value={values.type} onChange={set('type')}>
                <option value="">{t('kim.chooseType')}</option>
                {KIM_ACTIVITY_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`kim.type.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('kim.date')} required error={err('date')}>
            {(p) => <input {...p} type="date" max={today} value={values.date} onChange={set('date')} />}
          </Field>
        </div>
        <Field label={t('kim.activityTitle')} required error={err('title')}>
          {(p) => (
            <input
              {...p}
              value={values.title}
              onChange={set('title')}
              maxLength={KIM_LIMITS.titleLength}
              placeholder={t('kim.activityTitlePlaceholder')}
            />
          )}
        </Field>
        <div className="field-row">
          <Field label={t('metric.participants')} error={err('participants')}>
            {(p) => <input {...p} inputMode="numeric" value={values.participants} onChange={set('participants')} className="short" />}
          </Field>
          <Field label={t('kim.contentItems')} hint={t('kim.contentItemsHint')} error={err('contentItems')}>
            {(p) => <input {...p} inputMode="numeric" value={values.contentItems} onChange={set('contentItems')} className="short" />}
          </Field>
        </div>
        <Field label={t('kim.articleUrl')} hint={t('kim.articleUrlHint')} error={err('articleUrl')}>
          {(p) => <input {...p} type="url" value={values.articleUrl} onChange={set('articleUrl')} placeholder="https://" />}
        </Field>
        <Field label={t('kim.notes')} error={err('notes')}>
          {(p) => <textarea {...p} rows={4} value={values.notes} onChange={set('notes')} maxLength={KIM_LIMITS.notesLength} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? t('form.saving') : t('form.save')}
          </button>
          <Link className="button ghost" to={values.groupId ? `/kim/grup/${values.groupId}` : '/kim'}>
            {t('form.cancel')}
          </Link>
          {stored ? (
            <span className="form-actions-end">
              <DeleteActivityButton
                activity={stored}
                onDeleted={() => navigate(`/kim/grup/${stored.groupId}`, { state: { saved: 'activityDeleted' } })}
              />
            </span>
          ) : null}
        </div>
      </form>
    </>
  )
}

import type { KimGroupInput } from '@jangkau/shared'
import { KIM_BUDGETS, KIM_LIMITS, KIM_STATUSES } from '@jangkau/shared/vocab'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useKimGroupQuery } from '../api/use-kim-group-query.ts'
import { useSaveKimGroupMutation } from '../api/use-kim-mutations.ts'
import { Field } from '../components/Field.tsx'
import { useMe } from '../components/Layout.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState, useErrorText } from '../components/States.tsx'
import { dayIn } from '../data/dates.ts'
import { emptyGroupForm, type GroupFormValues, groupFormFrom, groupPatch, validateGroupForm } from '../data/kim-form.ts'
import { canWriteKim } from '../data/roles.ts'
import { budgetKey } from '../tables/kim-group-columns.tsx'
import NotFoundPage from './NotFoundPage.tsx'

/** /kim/grup/baru and /kim/grup/:id/ubah: add or edit a KIM group (admins, operators in their regencies). */
export default function KimGroupFormPage() {
  const { t } = useTranslation()
  const { id: idParam } = useParams()
  const id = idParam === undefined ? null : /^\d{1,10}$/.test(idParam) ? Number(idParam) : -1
  const group = useKimGroupQuery(id !== null && id > 0 ? id : null)
  const me = useMe()

  if (id === -1 || (group.isError && group.error.status === 404)) return <NotFoundPage />
  if (id !== null && group.isPending) return <Skeleton height={40} lines={6} />
  if (id !== null && group.isError) return <ErrorState error={group.error} what={t('kim.oneGroup')} onRetry={() => void group.refetch()} />
  const original = id !== null && group.data ? groupFormFrom(group.data) : null
  const title = original ? t('kim.editGroupTitle', { name: group.data!.name }) : t('kim.addGroup')
  if (!canWriteKim(me, group.data?.regionCode)) {
    return (
      <>
        <PageHeader title={title} />
        <EmptyState title={t('kim.notAllowed')} hint={t('kim.notAllowedHint')} action={<Link to="/kim">{t('nav.kim')}</Link>} />
      </>
    )
  }
  return <GroupForm key={id ?? 'new'} id={id} title={title} original={original} />
}

function GroupForm({ id, title, original }: { id: number | null; title: string; original: GroupFormValues | null }) {
  const { t } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  const today = dayIn(new Date())
  const [values, setValues] = useState<GroupFormValues>(original ?? emptyGroupForm(today))
  const [errors, setErrors] = useState<ReturnType<typeof validateGroupForm>['errors']>({})
  const save = useSaveKimGroupMutation(id)
  const errorText = useErrorText()
  const alertRef = useRef<HTMLDivElement>(null)
  const regions = me.role === 'admin' ? null : me.regions

  useEffect(() => {
    if (save.isError || Object.keys(errors).length > 0) alertRef.current?.focus()
  }, [save.isError, errors])

  const set =
    <K extends keyof GroupFormValues>(key: K) =>
    (event: { target: { value: string } }) =>
      setValues((v) => ({ ...v, [key]: event.target.value }))
  const err = (key: keyof GroupFormValues) => (errors[key] ? t(`form.${errors[key]}`) : null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const result = validateGroupForm(values, today, regions)
    setErrors(result.errors)
    if (!result.body) return
    let body: KimGroupInput | ReturnType<typeof groupPatch> = result.body
    if (original) {
      const before = validateGroupForm(original, '9999-12-31', null).body
      body = before ? groupPatch(before, result.body) : result.body
      if (body === null) return navigate(`/kim/grup/${id}`)
    }
    save.mutate(body, { onSuccess: (g) => navigate(`/kim/grup/${g.id}`, { state: { saved: 'group' } }) })
  }

  const errorCount = Object.keys(errors).length
  return (
    <>
      <PageHeader
        title={title}
        crumbs={
          <>
            <Link to="/kim">{t('nav.kim')}</Link> <span aria-hidden="true">›</span> <span aria-current="page">{title}</span>
          </>
        }
      />
      <form className="form-card" onSubmit={submit} noValidate aria-labelledby="form-title">
        <h2 id="form-title" className="visually-hidden">
          {title}
        </h2>
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
        <fieldset>
          <legend>{t('kim.identity')}</legend>
          <Field label={t('kim.groupName')} required error={err('name')}>
            {(p) => <input {...p} value={values.name} onChange={set('name')} maxLength={KIM_LIMITS.nameLength} />}
          </Field>
          <Field label={t('kim.villageCode')} required error={err('villageCode')} hint={t('kim.villageCodeHint')}>
            {(p) => (
              <input {...p} value={values.villageCode} onChange={set('villageCode')} inputMode="decimal" placeholder="64.08.12.2004" />
            )}
          </Field>
          <Field label={t('kim.registrationNumber')} error={err('registrationNumber')}>
            {(p) => (
              <input
                {...p}
                value={values.registrationNumber}
                onChange={set('registrationNumber')}
                maxLength={KIM_LIMITS.registrationNumberLength}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('kim.decree')}</legend>
          <Field label={t('kim.decreeNumber')} error={err('decreeNumber')}>
            {(p) => <input {...p} value={values.decreeNumber} onChange={set('decreeNumber')} maxLength={KIM_LIMITS.decreeNumberLength} />}
          </Field>
          <div className="field-row">
            <Field label={t('kim.decreeDate')} error={err('decreeDate')}>
              {(p) => <input {...p} type="date" max={today} value={values.decreeDate} onChange={set('decreeDate')} />}
            </Field>
            <Field label={t('kim.formedOn')} error={err('formedOn')}>
              {(p) => <input {...p} type="date" max={today} value={values.formedOn} onChange={set('formedOn')} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('kim.statusAndBudget')}</legend>
          <div className="field-row">
            <Field label={t('kim.statusLabel')} required>
              {(p) => (
                <select {...p} value={values.status} onChange={set('status')}>
                  {KIM_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`kim.status.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('kim.statusSince')} required error={err('statusSince')}>
              {(p) => <input {...p} type="date" max={today} value={values.statusSince} onChange={set('statusSince')} />}
            </Field>
            <Field label={t('kim.budget')}>
              {(p) => (
                <select {...p} value={values.budget} onChange={set('budget')}>
                  {KIM_BUDGETS.map((b) => (
                    <option key={b} value={b}>
                      {t(`kim.budgetValue.${budgetKey(b)}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('kim.people')}</legend>
          <div className="field-row">
            <Field label={t('kim.officer.ketua')}>
              {(p) => <input {...p} value={values.ketua} onChange={set('ketua')} maxLength={KIM_LIMITS.officerLength} />}
            </Field>
            <Field label={t('kim.officer.sekretaris')}>
              {(p) => <input {...p} value={values.sekretaris} onChange={set('sekretaris')} maxLength={KIM_LIMITS.officerLength} />}
            </Field>
            <Field label={t('kim.officer.bendahara')}>
              {(p) => <input {...p} value={values.bendahara} onChange={set('bendahara')} maxLength={KIM_LIMITS.officerLength} />}
            </Field>
          </div>
          <Field label={t('kim.members')} error={err('members')}>
            {(p) => <input {...p} inputMode="numeric" value={values.members} onChange={set('members')} className="short" />}
          </Field>
          <Field label={t('kim.channels')} hint={t('kim.channelsHint')} error={err('channels')}>
            {(p) => <textarea {...p} rows={3} value={values.channels} onChange={set('channels')} />}
          </Field>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? t('form.saving') : t('form.save')}
          </button>
          <Link className="button ghost" to={id ? `/kim/grup/${id}` : '/kim'}>
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </>
  )
}

import { createColumnHelper } from '@tanstack/react-table'
import type { Role, User } from '@jangkau/shared'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSaveUserMutation, useUnlockUserMutation, useUsersQuery } from '../../api/use-admin-queries.ts'
import { DownloadCsv } from '../../components/DownloadCsv.tsx'
import { Field } from '../../components/Field.tsx'
import { Panel } from '../../components/Panel.tsx'
import { RegionChecks } from '../../components/RegionChecks.tsx'
import { EmptyState, ErrorState, useErrorText } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatDay } from '../../data/format.ts'
import { regencyByCode } from '../../data/regencies.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { DataTable } from '../../tables/DataTable.tsx'
import { SaveCancelActions } from '../../components/SaveCancelActions.tsx'

const ROLES: Role[] = ['admin', 'operator', 'viewer']
const col = createColumnHelper<User>()

export function UsersTab() {
  const { t } = useTranslation()
  const lang = useLang()
  const users = useUsersQuery()
  const unlock = useUnlockUserMutation()
  const errorText = useErrorText()
  const [unlocked, setUnlocked] = useState<{ name: string; count: number } | null>(null)
  const [editing, setEditing] = useState<User | 'new' | null>(null)
  const columns = [
    col.accessor('name', { header: t('admin.name') }),
    col.accessor('email', { header: t('auth.email') }),
    col.accessor('role', { header: t('admin.role'), cell: (c) => t(`role.${c.getValue()}`) }),
    col.accessor('regions', { header: t('admin.regions'), enableSorting: false, cell: (c) => c.getValue().map((r) => regencyByCode(r)?.short ?? r).join(', ') || '–' }),
    col.accessor('active', { header: t('admin.status'), cell: (c) => <span className={`badge ${c.getValue() ? 'status-aktif' : 'neutral'}`}>{c.getValue() ? t('admin.active') : t('admin.inactive')}</span> }),
    col.accessor('createdAt', { header: t('admin.created'), cell: (c) => formatDay(c.getValue(), lang) }),
    col.display({
      id: 'edit',
      header: () => <span className="visually-hidden">{t('admin.actions')}</span>,
      cell: (c) => (
        <>
          <button type="button" className="button ghost small" onClick={() => setEditing(c.row.original)} aria-label={t('admin.editNamed', { name: c.row.original.name })}>
            {t('admin.edit')}
          </button>{' '}
          {/* Failed logins lock only the address they came from; this forgets them from every address. */}
          <button
            type="button"
            className="button ghost small"
            disabled={unlock.isPending}
            aria-label={t('admin.unlockNamed', { name: c.row.original.name })}
            onClick={() => unlock.mutate(c.row.original.id, { onSuccess: (answer) => setUnlocked({ name: c.row.original.name, count: answer.cleared }) })}
          >
            {t('admin.unlock')}
          </button>
        </>
      ),
    }),
  ]
  return (
    <>
      {editing ? <UserForm key={editing === 'new' ? 'new' : editing.id} user={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      <Panel
        title={t('admin.tabs.pengguna')}
        busy={users.isFetching}
        actions={
          <button type="button" className="button small" onClick={() => setEditing('new')}>
            {t('admin.addUser')}
          </button>
        }
      >
        {unlock.isError ? (
          <p className="notice error" role="alert">
            {errorText(unlock.error)}
          </p>
        ) : unlocked ? (
          <p className="notice success" role="status">
            {t('admin.unlockDone', { name: unlocked.name, count: unlocked.count })}
          </p>
        ) : null}
        {users.isError ? (
          <ErrorState error={users.error} what={t('admin.tabs.pengguna').toLowerCase()} onRetry={() => void users.refetch()} />
        ) : (
          <DataTable
            caption={t('admin.usersCaption', { count: users.data?.total ?? 0 })}
            columns={columns}
            data={users.data?.items ?? []}
            getRowId={(u) => String(u.id)}
            loading={users.isPending}
            initialSorting={[{ id: 'name', desc: false }]}
            empty={<EmptyState title={t('admin.noUsers')} />}
            actions={
              <DownloadCsv
                build={() => ({
                  header: ['id', t('admin.name'), t('auth.email'), t('admin.role'), t('admin.regions'), t('admin.status'), t('admin.created')],
                  rows: (users.data?.items ?? []).map((u) => [u.id, u.name, u.email, u.role, u.regions.join(' '), u.active ? 'aktif' : 'nonaktif', u.createdAt]),
                })}
                fileName={csvFileName('pengguna')}
              />
            }
          />
        )}
      </Panel>
    </>
  )
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t } = useTranslation()
  const save = useSaveUserMutation()
  const errorText = useErrorText()
  const [name, setName] = useState(user?.name ?? '')
  const [email, setEmail] = useState(user?.email ?? '')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer')
  const [regions, setRegions] = useState<string[]>(user?.regions ?? [])
  const [active, setActive] = useState(user?.active ?? true)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const e: Record<string, string> = {}
    if (!name.trim()) e.name = t('form.required')
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) e.email = t('form.email')
    if (!user && password.length < 10) e.password = t('form.passwordLength', { n: 10 })
    if (user && password && password.length < 10) e.password = t('form.passwordLength', { n: 10 })
    if (role === 'operator' && regions.length === 0) e.regions = t('form.operatorRegions')
    setErrors(e)
    if (Object.keys(e).length > 0) return
    const scoped = role === 'operator' ? regions : []
    const body = user
      ? { name: name.trim(), email: email.trim(), role, regions: scoped, active, ...(password ? { password } : {}) }
      : { name: name.trim(), email: email.trim(), role, regions: scoped, password }
    save.mutate({ id: user?.id ?? null, body }, { onSuccess: onDone })
  }
  return (
    <Panel title={user ? t('admin.editNamed', { name: user.name }) : t('admin.addUser')} className="form-panel">
      <form onSubmit={submit} noValidate>
        {save.isError ? (
          <p className="notice error" role="alert">
            {t('form.saveFailed')} {errorText(save.error)}
          </p>
        ) : null}
        <div className="field-row">
          <Field label={t('admin.name')} required error={errors.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="off" />}
          </Field>
          <Field label={t('auth.email')} required error={errors.email}>
            {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} autoComplete="off" />}
          </Field>
        </div>
        <div className="field-row">
          <Field label={t('auth.password')} required={!user} hint={user ? t('admin.passwordKeep') : t('admin.passwordRule')} error={errors.password}>
            {(p) => <input {...p} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />}
          </Field>
          <Field label={t('admin.role')} required hint={t(`admin.roleHint.${role}`)}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {role === 'operator' ? <RegionChecks legend={t('admin.operatorRegions')} value={regions} onChange={setRegions} error={errors.regions} /> : null}
        {user ? (
          <label className="check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.activeAccount')}
          </label>
        ) : null}
        <SaveCancelActions saving={save.isPending} onCancel={onDone} />
      </form>
    </Panel>
  )
}

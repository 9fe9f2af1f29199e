import { createColumnHelper } from '@tanstack/react-table'
import type { Role, User } from '@jangkau/shared'
import { matches, PASSWORD_MIN_LENGTH, USER_EMAIL_PATTERN } from '@jangkau/shared/vocab'
import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSaveUserMutation, useUnlockUserMutation, useUsersQuery } from '../../api/use-admin-queries.ts'
import { Field } from '../../components/Field.tsx'
import { RegionChecks } from '../../components/RegionChecks.tsx'
import { EmptyState, useErrorText } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatDay } from '../../data/format.ts'
import { regencyByCode } from '../../data/regencies.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { CrudForm, CrudTab } from './CrudTab.tsx'
import { RoleField } from './RoleField.tsx'

const ROLES: Role[] = ['admin', 'operator', 'viewer']
const col = createColumnHelper<User>()

export function UsersTab() {
  const { t } = useTranslation()
  const lang = useLang()
  const users = useUsersQuery()
  const unlock = useUnlockUserMutation()
  const errorText = useErrorText()
  const [unlocked, setUnlocked] = useState<{ name: string; count: number } | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('name', { header: t('admin.name') }),
      col.accessor('email', { header: t('auth.email') }),
      col.accessor('role', { header: t('admin.role'), cell: (c) => t(`role.${c.getValue()}`) }),
      col.accessor('regions', {
        header: t('admin.regions'),
        enableSorting: false,
        cell: (c) =>
          c
            .getValue()
            .map((r) => regencyByCode(r)?.short ?? r)
            .join(', ') || '–',
      }),
      col.accessor('active', {
        header: t('admin.status'),
        cell: (c) => (
          <span className={`badge ${c.getValue() ? 'status-aktif' : 'neutral'}`}>
            {c.getValue() ? t('admin.active') : t('admin.inactive')}
          </span>
        ),
      }),
      col.accessor('createdAt', { header: t('admin.created'), cell: (c) => formatDay(c.getValue(), lang) }),
    ],
    [t, lang],
  )
  const unlocking = unlock.isPending
  const unlockMutate = unlock.mutate
  // Failed logins lock only the address they came from; this forgets them from every address.
  const unlockButton = useCallback(
    (user: User) => (
      <button
        type="button"
        className="button ghost small"
        disabled={unlocking}
        aria-label={t('admin.unlockNamed', { name: user.name })}
        onClick={() => unlockMutate(user.id, { onSuccess: (answer) => setUnlocked({ name: user.name, count: answer.cleared }) })}
      >
        {t('admin.unlock')}
      </button>
    ),
    [t, unlocking, unlockMutate],
  )
  return (
    <CrudTab
      title={t('admin.tabs.pengguna')}
      addLabel={t('admin.addUser')}
      list={users}
      columns={columns}
      rowActions={unlockButton}
      caption={t('admin.usersCaption', { count: users.data?.total ?? 0 })}
      initialSorting={[{ id: 'name', desc: false }]}
      empty={<EmptyState title={t('admin.noUsers')} />}
      csv={{
        fileName: csvFileName('pengguna'),
        header: ['id', t('admin.name'), t('auth.email'), t('admin.role'), t('admin.regions'), t('admin.status'), t('admin.created')],
        row: (u) => [u.id, u.name, u.email, u.role, u.regions.join(' '), u.active ? 'aktif' : 'nonaktif', u.createdAt],
      }}
      form={(user, done) => <UserForm user={user} onDone={done} />}
      notices={
        unlock.isError ? (
          <p className="notice error" role="alert">
            {errorText(unlock.error)}
          </p>
        ) : unlocked ? (
          <p className="notice success" role="status">
            {t('admin.unlockDone', { name: unlocked.name, count: unlocked.count })}
          </p>
        ) : null
      }
    />
  )
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t } = useTranslation()
  const save = useSaveUserMutation()
  const [name, setName] = useState(user?.name ?? '')
  const [email, setEmail] = useState(user?.email ?? '')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer')
  const [regions, setRegions] = useState<string[]>(user?.regions ?? [])
  const [active, setActive] = useState(user?.active ?? true)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = () => {
    const e: Record<string, string> = {}
    if (!name.trim()) e.name = t('form.required')
    if (!matches(USER_EMAIL_PATTERN, email.trim())) e.email = t('form.email')
    if (!user && password.length < PASSWORD_MIN_LENGTH) e.password = t('form.passwordLength', { n: PASSWORD_MIN_LENGTH })
    if (user && password && password.length < PASSWORD_MIN_LENGTH) e.password = t('form.passwordLength', { n: PASSWORD_MIN_LENGTH })
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
    <CrudForm title={user ? t('admin.editNamed', { name: user.name }) : t('admin.addUser')} save={save} onSubmit={submit} onCancel={onDone}>
      <div className="field-row">
        <Field label={t('admin.name')} required error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="off" />}
        </Field>
        <Field label={t('auth.email')} required error={errors.email}>
          {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} autoComplete="off" />}
        </Field>
      </div>
      <div className="field-row">
        <Field
          label={t('auth.password')}
          required={!user}
          hint={user ? t('admin.passwordKeep') : t('admin.passwordRule')}
          error={errors.password}
        >
          {(p) => (
            <input {...p} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          )}
        </Field>
        <RoleField roles={ROLES} value={role} onChange={setRole} />
      </div>
      {role === 'operator' ? (
        <RegionChecks legend={t('admin.operatorRegions')} value={regions} onChange={setRegions} error={errors.regions} />
      ) : null}
      {user ? (
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.activeAccount')}
        </label>
      ) : null}
    </CrudForm>
  )
}

import type { Role } from '@jangkau/shared'
import { useTranslation } from 'react-i18next'
import { Field } from '../../components/Field.tsx'

/** The role select of the user and token forms, with the chosen role's hint; `roles` in the order to offer them. */
export function RoleField({ roles, value, onChange }: { roles: readonly Role[]; value: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation()
  return (
    <Field label={t('admin.role')} required hint={t(`admin.roleHint.${value}`)}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

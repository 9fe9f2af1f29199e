import { createColumnHelper } from '@tanstack/react-table'
import type { CreatedToken, Role, Token } from '@jangkau/shared'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCreateTokenMutation, useRevokeTokenMutation, useTokensQuery } from '../../api/use-admin-queries.ts'
import { Field } from '../../components/Field.tsx'
import { RegionChecks } from '../../components/RegionChecks.tsx'
import { EmptyState } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatDateTime } from '../../data/format.ts'
import { regencyByCode } from '../../data/regencies.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { CrudForm, CrudTab } from './CrudTab.tsx'
import { RoleField } from './RoleField.tsx'

const TOKEN_ROLES: Role[] = ['viewer', 'operator', 'admin']

const col = createColumnHelper<Token>()
const notRevoked = (token: Token) => !token.revokedAt

/** API tokens for scripts and other systems. The secret is shown once, right after creation. */
export function TokensTab() {
  const { t } = useTranslation()
  const lang = useLang()
  const tokens = useTokensQuery()
  const revoke = useRevokeTokenMutation()
  const [created, setCreated] = useState<CreatedToken | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('name', { header: t('admin.name') }),
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
      col.accessor((x) => x.createdBy?.name ?? '', {
        id: 'createdBy',
        header: t('admin.createdBy'),
        cell: (c) => {
          const creator = c.row.original.createdBy
          if (!creator) return <span className="badge neutral">{t('admin.creatorDeleted')}</span>
          return (
            <>
              {creator.name} <span className="muted">({creator.email})</span>
              {creator.active ? null : (
                <>
                  {' '}
                  <span className="badge neutral">{t('admin.creatorInactive')}</span>
                </>
              )}
            </>
          )
        },
      }),
      col.accessor('createdAt', { header: t('admin.created'), cell: (c) => formatDateTime(c.getValue(), lang) }),
      col.accessor('lastUsedAt', {
        header: t('admin.lastUsed'),
        cell: (c) => (c.getValue() ? formatDateTime(c.getValue()!, lang) : t('admin.never')),
      }),
      col.accessor('revokedAt', {
        header: t('admin.status'),
        cell: (c) =>
          c.getValue() ? (
            <span className="badge neutral">{t('admin.revoked')}</span>
          ) : (
            <span className="badge status-aktif">{t('admin.active')}</span>
          ),
      }),
    ],
    [t, lang],
  )
  return (
    <CrudTab
      title={t('admin.tabs.token')}
      subtitle={`${t('admin.tokensHint')} ${t('admin.tokensCreatorHint')}`}
      addLabel={t('admin.addToken')}
      list={tokens}
      columns={columns}
      editable={false}
      remove={{ mutation: revoke, verb: 'revoke', offered: notRevoked }}
      caption={t('admin.tokensCaption', { count: tokens.data?.total ?? 0 })}
      captionHidden
      empty={<EmptyState title={t('admin.noTokens')} hint={t('admin.noTokensHint')} />}
      csv={{
        fileName: csvFileName('token-api'),
        header: [
          'id',
          t('admin.name'),
          t('admin.role'),
          t('admin.regions'),
          t('admin.createdBy'),
          t('admin.created'),
          t('admin.lastUsed'),
          t('admin.revoked'),
        ],
        row: (x) => [x.id, x.name, x.role, x.regions.join(' '), x.createdBy?.email ?? null, x.createdAt, x.lastUsedAt, x.revokedAt],
      }}
      above={created ? <SecretOnce token={created} onClose={() => setCreated(null)} /> : null}
      form={(_, done) => (
        <TokenForm
          onDone={(token) => {
            done()
            if (token) setCreated(token)
          }}
        />
      )}
    />
  )
}

/** The new token's secret, once: with a copy button and a plain warning that it will not come back. */
function SecretOnce({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }
  return (
    <div className="secret-once" role="alert" tabIndex={-1} ref={ref} aria-labelledby="secret-title">
      <h2 id="secret-title">{t('admin.tokenCreated', { name: token.name })}</h2>
      <p>{t('admin.tokenOnce')}</p>
      <p className="secret">
        <span className="visually-hidden">{t('admin.tokenSecret')}: </span>
        <code>{token.token}</code>
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('admin.copied') : t('admin.copy')}
        </button>
        <button type="button" className="button ghost" onClick={onClose}>
          {t('admin.tokenSaved')}
        </button>
      </div>
    </div>
  )
}

function TokenForm({ onDone }: { onDone: (token: CreatedToken | null) => void }) {
  const { t } = useTranslation()
  const create = useCreateTokenMutation()
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [regions, setRegions] = useState<string[]>([])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = () => {
    const e: Record<string, string> = {}
    if (!name.trim()) e.name = t('form.required')
    if (role === 'operator' && regions.length === 0) e.regions = t('form.operatorRegions')
    setErrors(e)
    if (Object.keys(e).length > 0) return
    create.mutate({ name: name.trim(), role, regions: role === 'operator' ? regions : [] }, { onSuccess: (token) => onDone(token) })
  }
  return (
    <CrudForm
      title={t('admin.createToken')}
      save={create}
      onSubmit={submit}
      onCancel={() => onDone(null)}
      saveLabel={t('admin.createToken')}
    >
      <div className="field-row">
        <Field label={t('admin.tokenName')} required hint={t('admin.tokenNameHint')} error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />}
        </Field>
        <RoleField roles={TOKEN_ROLES} value={role} onChange={setRole} />
      </div>
      {role === 'operator' ? (
        <RegionChecks legend={t('admin.operatorRegions')} value={regions} onChange={setRegions} error={errors.regions} />
      ) : null}
    </CrudForm>
  )
}

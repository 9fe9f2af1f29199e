import type { KimStatus } from '@jangkau/shared'
import { KIM_STATUSES } from '@jangkau/shared/vocab'
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useKimGroupsQuery } from '../api/use-kim-groups-query.ts'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { Panel } from '../components/Panel.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { csvFileName } from '../data/csv.ts'
import { REGENCIES, regencyName } from '../data/regencies.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DataTable, NO_ROWS } from '../tables/DataTable.tsx'
import { kimGroupColumns } from '../tables/kim-group-columns.tsx'

/** The /kim page's URL parameters (Indonesian, like the rest of the dashboard's). */
export const KIM_PARAMS = { region: 'wilayah', status: 'status', q: 'cari', page: 'halaman', size: 'per' } as const
const P = KIM_PARAMS
const PAGE_SIZE = 25

/** The KIM registry of /kim: a server-paged table of groups with region, status and text filters kept in the URL. */
export function Registry({ region }: { region: string | undefined }) {
  const { t } = useTranslation()
  const lang = useLang()
  const [params, setParams] = useSearchParams()
  const statusParam = params.get(P.status)
  const status = (KIM_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as KimStatus) : undefined
  const q = params.get(P.q) ?? ''
  const page = Math.max(1, Math.floor(Number(params.get(P.page)) || 1))
  const size = [10, 25, 50, 100].includes(Number(params.get(P.size))) ? Number(params.get(P.size)) : PAGE_SIZE
  const query = useKimGroupsQuery({ region, status, q: q || undefined, limit: size, offset: (page - 1) * size })
  const columns = useMemo(() => kimGroupColumns(t, lang), [t, lang])
  const update = (patch: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current)
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === '') next.delete(k)
        else next.set(k, v)
      }
      return next
    })
  const filtered = !!(region || status || q)
  return (
    <Panel title={t('kim.registry')} busy={query.isFetching}>
      <RegistryFilters region={region} status={status} q={q} onChange={(patch) => update({ ...patch, [P.page]: null })} />
      {query.isError ? (
        <ErrorState error={query.error} what={t('kim.registry').toLowerCase()} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('kim.registryCaption', { count: query.data?.total ?? 0 })}
          columns={columns}
          data={query.data?.items ?? NO_ROWS}
          getRowId={(g) => String(g.id)}
          manual
          rowCount={query.data?.total ?? 0}
          pagination={{ pageIndex: page - 1, pageSize: size }}
          onPaginationChange={(p) =>
            update({
              [P.page]: p.pageIndex === 0 ? null : String(p.pageIndex + 1),
              [P.size]: p.pageSize === PAGE_SIZE ? null : String(p.pageSize),
            })
          }
          loading={query.isPending}
          empty={
            <EmptyState
              title={filtered ? t('empty.noMatch') : t('empty.noKim')}
              hint={filtered ? t('empty.noMatchHint') : t('empty.noKimHint')}
            />
          }
          actions={
            <DownloadCsv
              build={() => ({
                header: [
                  'id',
                  t('kim.group'),
                  t('kim.village'),
                  t('kim.district'),
                  t('kim.regency'),
                  t('kim.statusLabel'),
                  t('kim.statusSince'),
                  t('kim.members'),
                  t('kim.budget'),
                  t('kim.decreeNumber'),
                  t('kim.lastActivity'),
                ],
                rows: (query.data?.items ?? []).map((g) => [
                  g.id,
                  g.name,
                  g.villageName,
                  g.districtName,
                  g.regionName,
                  g.status,
                  g.statusSince,
                  g.members,
                  g.budget,
                  g.decreeNumber,
                  g.lastActivityDate,
                ]),
              })}
              label={t('action.downloadPageCsv')}
              fileName={csvFileName('kim-daftar', region ?? 'kaltim', status ?? '', `hal-${page}`)}
            />
          }
        />
      )}
    </Panel>
  )
}

function RegistryFilters({
  region,
  status,
  q,
  onChange,
}: {
  region: string | undefined
  status: KimStatus | undefined
  q: string
  onChange: (patch: Record<string, string | null>) => void
}) {
  const { t } = useTranslation()
  const [text, setText] = useState(q)
  useEffect(() => setText(q), [q])
  const ids = { region: useId(), status: useId(), q: useId() }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onChange({ [P.q]: text.trim() })
  }
  return (
    /* biome-ignore lint/a11y/useSemanticElements: role="search" on the form itself is the ARIA search-landmark pattern;
       a <search> wrapper would add a layout box for the same semantics */
    <form className="filter-row registry-filters" role="search" aria-label={t('kim.registryFilters')} onSubmit={submit}>
      <span className="select-field">
        <label htmlFor={ids.region}>{t('filter.region')}</label>
        <select id={ids.region} value={region ?? ''} onChange={(e) => onChange({ [P.region]: e.target.value || null })}>
          <option value="">{t('filter.allRegions')}</option>
          {REGENCIES.map((r) => (
            <option key={r.code} value={r.code}>
              {regencyName(r.code)}
            </option>
          ))}
        </select>
      </span>
      <span className="select-field">
        <label htmlFor={ids.status}>{t('kim.statusLabel')}</label>
        <select id={ids.status} value={status ?? ''} onChange={(e) => onChange({ [P.status]: e.target.value || null })}>
          <option value="">{t('kim.allStatuses')}</option>
          {KIM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`kim.status.${s}`)}
            </option>
          ))}
        </select>
      </span>
      <span className="field inline">
        <label htmlFor={ids.q}>{t('kim.search')}</label>
        <input
          id={ids.q}
          type="search"
          value={text}
          maxLength={100}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('kim.searchPlaceholder')}
        />
      </span>
      <button type="submit" className="button small">
        {t('action.search')}
      </button>
    </form>
  )
}

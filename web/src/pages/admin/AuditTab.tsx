import { createColumnHelper } from '@tanstack/react-table'
import type { AuditEntry } from '@jangkau/shared'
import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useAuditQuery } from '../../api/use-admin-queries.ts'
import { DownloadCsv } from '../../components/DownloadCsv.tsx'
import { Panel } from '../../components/Panel.tsx'
import { EmptyState, ErrorState } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatDateTime } from '../../data/format.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { DataTable, NO_ROWS } from '../../tables/DataTable.tsx'

const col = createColumnHelper<AuditEntry>()
const ENTITIES = ['user', 'api_token', 'site', 'category', 'article', 'kim_group', 'kim_activity'] as const

/** Who changed what, newest first, paged by the server. */
export function AuditTab() {
  const { t } = useTranslation()
  const lang = useLang()
  const entityId = useId()
  const [entity, setEntity] = useState('')
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize: 25 })
  const audit = useAuditQuery({
    entity: entity || undefined,
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
  })
  const columns = useMemo(
    () => [
      col.accessor('at', { header: t('audit.at'), enableSorting: false, cell: (c) => formatDateTime(c.getValue(), lang) }),
      col.accessor('actorName', {
        header: t('audit.actor'),
        enableSorting: false,
        cell: (c) => c.getValue() ?? <span className="muted">{t('audit.system')}</span>,
      }),
      col.accessor('action', { header: t('audit.action'), enableSorting: false, cell: (c) => t(`audit.actions.${c.getValue()}`) }),
      col.accessor('entity', {
        header: t('audit.entity'),
        enableSorting: false,
        cell: (c) => `${c.getValue()}${c.row.original.entityId ? ` #${c.row.original.entityId}` : ''}`,
      }),
      col.display({
        id: 'change',
        header: t('audit.change'),
        cell: (c) => (
          <details className="audit-change">
            <summary>{t('audit.show')}</summary>
            <div className="audit-json">
              <div>
                <strong>{t('audit.before')}</strong>
                <pre>{JSON.stringify(c.row.original.before, null, 2) ?? '–'}</pre>
              </div>
              <div>
                <strong>{t('audit.after')}</strong>
                <pre>{JSON.stringify(c.row.original.after, null, 2) ?? '–'}</pre>
              </div>
            </div>
          </details>
        ),
      }),
    ],
    [t, lang],
  )

  return (
    <Panel
      title={t('admin.tabs.audit')}
      busy={audit.isFetching}
      actions={
        <>
          <label htmlFor={entityId}>{t('audit.entity')}</label>
          <select
            id={entityId}
            value={entity}
            onChange={(e) => {
              setEntity(e.target.value)
              setPagination((p) => ({ ...p, pageIndex: 0 }))
            }}
          >
            <option value="">{t('audit.allEntities')}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </>
      }
    >
      {audit.isError ? (
        <ErrorState error={audit.error} what={t('admin.tabs.audit').toLowerCase()} onRetry={() => void audit.refetch()} />
      ) : (
        <DataTable
          caption={t('audit.caption', { count: audit.data?.total ?? 0 })}
          columns={columns}
          data={audit.data?.items ?? NO_ROWS}
          getRowId={(a) => String(a.id)}
          manual
          rowCount={audit.data?.total ?? 0}
          pagination={pagination}
          onPaginationChange={setPagination}
          loading={audit.isPending}
          empty={<EmptyState title={t('audit.empty')} />}
          actions={
            <DownloadCsv
              label={t('action.downloadPageCsv')}
              build={() => ({
                header: [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.entity'), 'id', t('audit.before'), t('audit.after')],
                rows: (audit.data?.items ?? []).map((a) => [
                  a.at,
                  a.actorName,
                  a.action,
                  a.entity,
                  a.entityId,
                  JSON.stringify(a.before),
                  JSON.stringify(a.after),
                ]),
              })}
              fileName={csvFileName('audit', String(pagination.pageIndex + 1))}
            />
          }
        />
      )}
    </Panel>
  )
}

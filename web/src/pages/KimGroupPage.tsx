import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router'
import { useKimActivitiesQuery } from '../api/use-kim-activities-query.ts'
import { useKimGroupQuery } from '../api/use-kim-group-query.ts'
import { DeleteActivityButton } from '../components/DeleteActivityButton.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { KimGroupActivityChart } from '../components/KimGroupActivityChart.tsx'
import { useMe } from '../components/Layout.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { StatusBadge } from '../components/StatusBadge.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { csvFileName } from '../data/csv.ts'
import { formatDay, formatNumber } from '../data/format.ts'
import { groupTimeline } from '../data/kim-timeline.ts'
import { canWriteKim } from '../data/roles.ts'
import { useLang } from '../i18n/use-lang.ts'
import { budgetKey } from '../tables/kim-group-columns.tsx'
import NotFoundPage from './NotFoundPage.tsx'

/** /kim/grup/:id: one KIM group: its particulars and its timeline (status changes and activities). */
export default function KimGroupPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const me = useMe()
  const location = useLocation()
  const savedByForm = (location.state as { saved?: string } | null)?.saved
  // A delete from this page's own timeline says so here (the form's delete comes back with `saved`).
  const [deletedHere, setDeletedHere] = useState(false)
  const saved = deletedHere ? 'activityDeleted' : savedByForm
  const { id: idParam = '' } = useParams()
  const id = /^\d{1,10}$/.test(idParam) ? Number(idParam) : null
  const group = useKimGroupQuery(id)
  const activities = useKimActivitiesQuery({ group: id ?? undefined, limit: 500 }, { enabled: id !== null })

  if (id === null || (group.isError && group.error.status === 404)) return <NotFoundPage />
  if (group.isPending) {
    return (
      <div className="page-loading">
        <Skeleton height={32} width="50%" />
        <Skeleton height={120} lines={3} />
      </div>
    )
  }
  if (group.isError) return <ErrorState error={group.error} what={t('kim.oneGroup')} onRetry={() => void group.refetch()} />
  const g = group.data
  const writable = canWriteKim(me, g.regionCode)
  const timeline = groupTimeline(g.statusHistory, activities.data?.items ?? [])

  return (
    <>
      <PageHeader
        title={g.name}
        lead={
          <>
            <StatusBadge status={g.status} /> {t('kim.since', { date: formatDay(g.statusSince, lang) })} · {g.villageName}, {g.districtName}
            , <Link to={`/wilayah/${g.regionCode}`}>{g.regionName}</Link>
          </>
        }
        crumbs={
          <>
            <Link to="/kim">{t('nav.kim')}</Link> <span aria-hidden="true">›</span> <span aria-current="page">{g.name}</span>
          </>
        }
        actions={
          writable ? (
            <>
              <Link className="button" to={`/kim/kegiatan/baru?grup=${g.id}`}>
                {t('kim.addActivity')}
              </Link>
              <Link className="button secondary" to={`/kim/grup/${g.id}/ubah`}>
                {t('kim.editGroup')}
              </Link>
            </>
          ) : null
        }
      />
      {saved ? (
        <p className="notice success" role="status">
          {saved === 'activity' ? t('kim.activitySaved') : saved === 'activityDeleted' ? t('kim.activityDeleted') : t('kim.groupSaved')}
        </p>
      ) : null}
      <div className="grid two">
        <Panel title={t('kim.particulars')}>
          <dl className="facts">
            <Fact label={t('kim.village')} value={`${g.villageName} (${g.villageCode})`} />
            <Fact label={t('kim.decreeNumber')} value={g.decreeNumber} />
            <Fact label={t('kim.decreeDate')} value={g.decreeDate ? formatDay(g.decreeDate, lang) : null} />
            <Fact label={t('kim.formedOn')} value={g.formedOn ? formatDay(g.formedOn, lang) : null} />
            <Fact label={t('kim.budget')} value={t(`kim.budgetValue.${budgetKey(g.budget)}`)} />
            <Fact label={t('kim.members')} value={formatNumber(g.members, lang)} />
            <Fact label={t('kim.officer.ketua')} value={g.officers.ketua} />
            <Fact label={t('kim.officer.sekretaris')} value={g.officers.sekretaris} />
            <Fact label={t('kim.officer.bendahara')} value={g.officers.bendahara} />
            <Fact label={t('kim.registrationNumber')} value={g.registrationNumber} />
            <div className="wide">
              <dt>{t('kim.channels')}</dt>
              <dd>
                {g.channels.length === 0 ? (
                  '–'
                ) : (
                  <ul className="plain">
                    {g.channels.map((c) => (
                      <li key={c}>
                        {/^https?:\/\//.test(c) ? (
                          <a href={c} target="_blank" rel="noopener noreferrer">
                            {c}
                          </a>
                        ) : (
                          c
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          </dl>
        </Panel>
        <Panel
          title={t('kim.timeline')}
          busy={activities.isFetching}
          actions={
            // The whole history as shown (the raw export covers at most three years at a time).
            <DownloadCsv
              build={() => ({
                header: [
                  t('kim.date'),
                  t('kim.type.label'),
                  t('kim.activityTitle'),
                  t('metric.participants'),
                  t('kim.contentItems'),
                  t('kim.articleUrl'),
                  t('kim.notes'),
                ],
                rows: (activities.data?.items ?? []).map((a) => [
                  a.date,
                  t(`kim.type.${a.type}`),
                  a.title,
                  a.participants,
                  a.contentItems,
                  a.articleUrl,
                  a.notes,
                ]),
              })}
              fileName={csvFileName('kegiatan', g.name)}
            />
          }
        >
          {activities.isError ? (
            <ErrorState error={activities.error} what={t('kim.timeline').toLowerCase()} onRetry={() => void activities.refetch()} />
          ) : activities.isPending ? (
            <Skeleton height={20} lines={5} />
          ) : timeline.length === 0 ? (
            <EmptyState
              title={t('empty.noActivities')}
              hint={writable ? t('kim.timelineEmptyHint') : undefined}
              action={
                writable ? (
                  <Link className="button" to={`/kim/kegiatan/baru?grup=${g.id}`}>
                    {t('kim.addActivity')}
                  </Link>
                ) : undefined
              }
            />
          ) : (
            <ol className="timeline">
              {timeline.map((e) =>
                e.kind === 'status' ? (
                  <li key={`s-${e.date}-${e.status}`} className={`timeline-status status-${e.status}`}>
                    <time dateTime={e.date}>{formatDay(e.date, lang)}</time>
                    <span>
                      {t('kim.statusChanged')} <StatusBadge status={e.status} />
                    </span>
                  </li>
                ) : (
                  <li key={`a-${e.id}`} className="timeline-activity">
                    <time dateTime={e.date}>{formatDay(e.date, lang)}</time>
                    <span>
                      <span className="badge neutral">{t(`kim.type.${e.type}`)}</span> <strong>{e.title}</strong>
                      <span className="activity-meta">
                        {t('kim.participantsN', { count: e.participants, n: formatNumber(e.participants, lang) })} ·{' '}
                        {t('kim.contentN', { count: e.contentItems, n: formatNumber(e.contentItems, lang) })}
                      </span>
                      {writable ? (
                        <span className="row-actions activity-actions">
                          <Link className="button secondary small" to={`/kim/kegiatan/${e.id}/ubah`}>
                            {t('kim.editActivity')}
                            <span className="visually-hidden">
                              {' '}
                              {t('kim.activityNamed', { title: e.title, date: formatDay(e.date, lang) })}
                            </span>
                          </Link>
                          <DeleteActivityButton activity={e} small onDeleted={() => setDeletedHere(true)} />
                        </span>
                      ) : null}
                    </span>
                  </li>
                ),
              )}
            </ol>
          )}
        </Panel>
      </div>
      <KimGroupActivityChart activities={activities.data?.items ?? []} loading={activities.isPending} />
    </>
  )
}

function Fact({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value || '–'}</dd>
    </div>
  )
}

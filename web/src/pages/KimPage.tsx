import { daysBetween, formatVillagePercent, KIM_STATUSES } from '@jangkau/shared/vocab'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useKimFactsQuery } from '../api/use-kim-facts-query.ts'
import { BarListChart, TimeSeriesChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { useMe } from '../components/Layout.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { StatCard } from '../components/StatCard.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { csvFileName } from '../data/csv.ts'
import { dayIn } from '../data/dates.ts'
import { formatDay, formatNumber } from '../data/format.ts'
import { isRegencyCode } from '../data/regencies.ts'
import { canWriteKim } from '../data/roles.ts'
import { gapFill } from '../data/series.ts'
import { useLang } from '../i18n/use-lang.ts'
import { KIM_PARAMS, Registry } from './KimRegistry.tsx'

/** /kim: the KIM registry with status badges and filters, dormant candidates, and activity facts. */
export default function KimPage() {
  const { t } = useTranslation()
  const me = useMe()
  const [params] = useSearchParams()
  // The KIM API filters by one regency; the first of the filter bar's choice is used.
  const region = (params.get(KIM_PARAMS.region) ?? '').split(',').find(isRegencyCode)
  const writable = canWriteKim(me)
  return (
    <>
      <PageHeader
        title={t('kim.title')}
        lead={t('kim.lead')}
        actions={
          writable ? (
            <>
              <Link className="button" to="/kim/grup/baru">
                {t('kim.addGroup')}
              </Link>
              <Link className="button secondary" to="/kim/kegiatan/baru">
                {t('kim.addActivity')}
              </Link>
              <Link className="button secondary" to="/kim/impor">
                {t('kim.import')}
              </Link>
            </>
          ) : null
        }
      />
      <KimFactsSection region={region} />
      <Registry region={region} />
    </>
  )
}

/** Dormant candidates shown before "show all": enough for a glance, not a wall of names. */
const DORMANT_SHOWN = 8

function KimFactsSection({ region }: { region: string | undefined }) {
  const { t } = useTranslation()
  const lang = useLang()
  const facts = useKimFactsQuery({ region })
  const [allDormant, setAllDormant] = useState(false)
  const totals = useMemo(() => {
    const list = facts.data?.regencies ?? []
    const sum = (f: (r: (typeof list)[number]) => number) => list.reduce((s, r) => s + f(r), 0)
    return { aktif: sum((r) => r.aktif), vakum: sum((r) => r.vakum), bubar: sum((r) => r.bubar) }
  }, [facts.data])
  const months = useMemo(
    () =>
      facts.data
        ? gapFill(
            facts.data.byMonth.map((m) => ({ date: m.month, activities: m.activities, participants: m.participants })),
            { from: facts.data.from, to: facts.data.to, granularity: 'month', metrics: ['activities', 'participants'] },
          )
        : [],
    [facts.data],
  )
  if (facts.isError) return <ErrorState error={facts.error} what={t('kim.facts')} onRetry={() => void facts.refetch()} />
  const today = dayIn(new Date())
  const d = facts.data
  return (
    <>
      <section className="cards" aria-labelledby="kim-facts-title">
        <h2 id="kim-facts-title" className="visually-hidden">
          {t('kim.facts')}
        </h2>
        <StatCard label={t('kim.status.aktif')} value={totals.aktif} loading={facts.isPending} />
        <StatCard label={t('kim.status.vakum')} value={totals.vakum} loading={facts.isPending} />
        <StatCard label={t('kim.status.bubar')} value={totals.bubar} loading={facts.isPending} />
        {/* Coverage of the whole scope as the server counts it (over all its villages), not summed here. */}
        <CoverageCard label={t('metric.coverage')} hint={t('kim.coverageHint')} value={d?.total.coverage} loading={facts.isPending} />
        <CoverageCard
          label={t('metric.active_coverage')}
          hint={t('kim.activeCoverageHint')}
          value={d?.total.active_coverage}
          loading={facts.isPending}
        />
      </section>
      <div className="grid two">
        <Panel
          title={t('kim.dormantTitle')}
          subtitle={d ? t('kim.dormantHint', { days: d.dormantDays }) : undefined}
          actions={
            d ? (
              <DownloadCsv
                build={() => ({
                  header: [t('kim.group'), t('kim.regency'), t('kim.village'), t('kim.statusSince'), t('kim.lastActivity')],
                  rows: d.dormantCandidates.map((c) => [c.name, c.regionName, c.villageName, c.statusSince, c.lastActivityDate]),
                })}
                fileName={csvFileName('kim-calon-vakum', today)}
              />
            ) : null
          }
        >
          {facts.isPending ? (
            <Skeleton height={20} lines={4} />
          ) : d!.dormantCandidates.length === 0 ? (
            <EmptyState title={t('kim.noDormant')} />
          ) : (
            <>
              <ul className="dormant-list" id="dormant-list">
                {(allDormant ? d!.dormantCandidates : d!.dormantCandidates.slice(0, DORMANT_SHOWN)).map((c) => {
                  const days = c.lastActivityDate ? daysBetween(c.lastActivityDate, today) : null
                  return (
                    <li key={c.id}>
                      <Link to={`/kim/grup/${c.id}`} className="strong-link">
                        {c.name}
                      </Link>
                      <span className="muted">
                        {' '}
                        · {c.villageName}, {c.regionName}
                      </span>
                      <span className="dormant-age">
                        {days === null
                          ? t('kim.neverActive')
                          : t('kim.quietFor', { n: formatNumber(days, lang), date: formatDay(c.lastActivityDate!, lang) })}
                      </span>
                    </li>
                  )
                })}
              </ul>
              {d!.dormantCandidates.length > DORMANT_SHOWN ? (
                <button
                  type="button"
                  className="button ghost small show-more"
                  aria-expanded={allDormant}
                  aria-controls="dormant-list"
                  onClick={() => setAllDormant((v) => !v)}
                >
                  {allDormant ? t('kim.showFewer') : t('kim.showAll', { count: d!.dormantCandidates.length })}
                </button>
              ) : null}
            </>
          )}
        </Panel>
        <Panel
          title={t('kim.byRegency')}
          actions={
            d ? (
              <DownloadCsv
                build={() => ({
                  header: [
                    t('regions.code'),
                    t('kim.regency'),
                    t('kim.status.aktif'),
                    t('kim.status.vakum'),
                    t('kim.status.bubar'),
                    t('kim.villages'),
                    // Percent (42.5), as the facts API gives it and as the server's CSV names it.
                    `${t('metric.coverage')} (%)`,
                    `${t('metric.active_coverage')} (%)`,
                  ],
                  rows: d.regencies.map((r) => [
                    r.regionCode,
                    r.regionName,
                    r.aktif,
                    r.vakum,
                    r.bubar,
                    r.villages,
                    r.coverage,
                    r.active_coverage,
                  ]),
                })}
                fileName={csvFileName('kim-per-wilayah', today)}
              />
            ) : null
          }
        >
          {facts.isPending ? (
            <Skeleton height={20} lines={6} />
          ) : (
            /* biome-ignore lint/a11y/useSemanticElements: a scroll region for keyboard users, not a set of form controls:
               a fieldset is wrong here */
            <div className="table-scroll" role="group" aria-labelledby="kim-regency-caption" tabIndex={0}>
              <table>
                <caption id="kim-regency-caption" className="visually-hidden">
                  {t('kim.byRegency')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('kim.regency')}</th>
                    {KIM_STATUSES.map((s) => (
                      <th key={s} scope="col" className="align-right">
                        {t(`kim.status.${s}`)}
                      </th>
                    ))}
                    <th scope="col" className="align-right">
                      {t('metric.coverage')}
                    </th>
                    <th scope="col" className="align-right">
                      {t('metric.active_coverage')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d!.regencies.map((r) => (
                    <tr key={r.regionCode}>
                      <th scope="row">
                        <Link to={`/wilayah/${r.regionCode}`}>{r.regionName}</Link>
                      </th>
                      {KIM_STATUSES.map((s) => (
                        <td key={s} className="align-right">
                          {formatNumber(r[s], lang)}
                        </td>
                      ))}
                      <td className="align-right">{formatVillagePercent(r.coverage, lang)}</td>
                      <td className="align-right">{formatVillagePercent(r.active_coverage, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      </div>
      <div className="grid two">
        <Panel
          title={t('kim.byMonth')}
          subtitle={d ? `${formatDay(d.from, lang)} – ${formatDay(d.to, lang)}` : undefined}
          actions={
            d ? (
              <DownloadCsv
                build={() => ({
                  header: [t('kim.month'), t('metric.activities'), t('metric.participants')],
                  rows: months.map((m) => [m.date, m.activities, m.participants]),
                })}
                fileName={csvFileName('kim-per-bulan', d.from, d.to)}
              />
            ) : null
          }
        >
          {facts.isPending ? (
            <Skeleton height={240} />
          ) : months.every((m) => m.activities === 0) ? (
            <EmptyState title={t('empty.noActivities')} hint={t('empty.noActivitiesHint')} />
          ) : (
            <TimeSeriesChart
              data={months}
              series={[{ key: 'activities', label: t('metric.activities') }]}
              granularity="month"
              lang={lang}
              height={240}
              ariaLabel={t('kim.byMonth')}
            />
          )}
        </Panel>
        <Panel
          title={t('kim.byType')}
          actions={
            d ? (
              <DownloadCsv
                build={() => ({
                  header: [t('kim.type.label'), t('metric.activities'), t('metric.participants')],
                  rows: d.byType.map((r) => [t(`kim.type.${r.type}`), r.activities, r.participants]),
                })}
                fileName={csvFileName('kim-per-jenis', d.from, d.to)}
              />
            ) : null
          }
        >
          {facts.isPending ? (
            <Skeleton height={240} />
          ) : d!.byType.length === 0 ? (
            <EmptyState title={t('empty.noActivities')} hint={t('empty.noActivitiesHint')} />
          ) : (
            <BarListChart
              data={[...d!.byType]
                .sort((a, b) => b.activities - a.activities)
                .map((r) => ({ key: r.type, label: t(`kim.type.${r.type}`), value: r.activities }))}
              metricLabel={t('metric.activities')}
              lang={lang}
              ariaLabel={t('kim.byType')}
            />
          )}
        </Panel>
      </div>
    </>
  )
}

/** A village coverage percent as a card (one decimal, decimal comma in Indonesian). */
function CoverageCard({ label, hint, value, loading }: { label: string; hint: string; value: number | undefined; loading: boolean }) {
  const lang = useLang()
  return (
    <article className="stat-card" aria-busy={loading || undefined}>
      <h3 className="stat-label">{label}</h3>
      {loading ? <Skeleton height={36} width="60%" /> : <p className="stat-value">{formatVillagePercent(value, lang)}</p>}
      <p className="stat-hint">{hint}</p>
    </article>
  )
}

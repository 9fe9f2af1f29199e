import { useEffect, useId, type ReactNode, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import type { MonthlyReport, ReportChange } from '@jangkau/shared'
import { formatVillagePercent } from '@jangkau/shared/vocab'
import BarListChart from '../charts/BarListChart.tsx'
import TimeSeriesChart from '../charts/TimeSeriesChart.tsx'
import { formatChange, formatDateTime, formatDay, formatNumber, type Lang } from '../data/format.ts'
import './monthly-report.css'

/*
 * The monthly report as a document: the sentences first, then the figures, the charts and the
 * tables. The same component is the /laporan page and the print page the server turns into the
 * PDF (/cetak/laporan/:month), so screen, paper and PDF say the same. Charts are imported directly
 * (not lazily): this component is in the report pages' own chunk, and the PDF waits for them.
 */

export function MonthlyReportView({ report, headingLevel = 2 }: { report: MonthlyReport; headingLevel?: 1 | 2 }) {
  const { t } = useTranslation()
  const lang = report.lang
  const Title = headingLevel === 1 ? 'h1' : 'h2'
  const Heading = headingLevel === 1 ? 'h2' : 'h3'
  const summaryId = useId()
  const n = (value: number) => formatNumber(value, lang)
  return (
    <article className="monthly-report" lang={lang}>
      <header className="report-head">
        <p className="report-kicker">{t('report.kicker')}</p>
        <Title className="report-title">
          {report.title}
          {/* The running month: its numbers are so far, and the heading says up to which day. */}
          {report.complete ? null : (
            <span className="report-partial">
              {' '}
              ({t('report.partialHeading', { day: formatDay(report.generatedAt, lang, report.timeZone) })})
            </span>
          )}
        </Title>
        <p className="report-meta">
          {report.regionLabel} · {formatDay(report.range.from, lang)} – {formatDay(report.range.to, lang)} · WITA
        </p>
      </header>

      <section className="report-summary report-block" aria-labelledby={summaryId}>
        <Heading id={summaryId} className="report-section-title">
          {t('report.summary')}
        </Heading>
        <ul className="report-sentences">
          {report.sentences.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </section>

      <section className="report-figures report-block" aria-label={t('report.figures')}>
        <Figure label={t('metric.views')} value={report.totals.views} lang={lang} changes={changesOf(report, 'views')} />
        <Figure label={t('metric.visitors')} value={report.totals.visitors} lang={lang} changes={changesOf(report, 'visitors')} />
        <Figure label={t('metric.articles')} value={report.totals.articles} lang={lang} changes={changesOf(report, 'articles')} />
      </section>

      <ReportSection level={Heading} title={t('report.dailyViews')}>
        <div className="report-chart">
          <TimeSeriesChart
            data={report.daily}
            series={[{ key: 'views', label: t('metric.views') }]}
            granularity="day"
            lang={lang}
            height={220}
            now={new Date(report.generatedAt)}
            timeZone={report.timeZone}
            ariaLabel={t('report.dailyViewsLabel', { month: report.monthLabel })}
          />
        </div>
      </ReportSection>

      <ReportSection level={Heading} title={t('report.regencies')} subtitle={report.region ? t('report.regenciesHint') : undefined}>
        <div className="report-chart">
          <BarListChart
            data={report.regencies.map((r) => ({ key: r.code, label: r.label.replace(/^Kabupaten /, 'Kab. '), value: r.views }))}
            metricLabel={t('metric.views')}
            lang={lang}
            highlighted={report.region ? [report.region] : []}
            ariaLabel={t('report.regencies')}
          />
        </div>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('report.regencies')}</caption>
            <thead>
              <tr>
                <th scope="col" className="align-right">
                  {t('report.rank')}
                </th>
                <th scope="col">{t('kim.regency')}</th>
                <th scope="col" className="align-right">
                  {t('metric.views')}
                </th>
                <th scope="col" className="align-right">
                  {t('report.vsMonth', { month: report.previousMonth.label })}
                </th>
                <th scope="col" className="align-right">
                  {t('metric.visitors')}
                </th>
                <th scope="col" className="align-right">
                  {t('metric.articles')}
                </th>
                <th scope="col" className="align-right">
                  {t('metric.kim_active')}
                </th>
                <th scope="col" className="align-right">
                  {t('metric.activities')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.regencies.map((r) => (
                <tr key={r.code} className={r.code === report.region ? 'report-highlight' : undefined}>
                  <td className="align-right">{r.rank}</td>
                  <th scope="row">{r.label}</th>
                  <td className="align-right">{n(r.views)}</td>
                  <td className="align-right">{formatChange(r.change.percent, lang)}</td>
                  <td className="align-right">{n(r.visitors)}</td>
                  <td className="align-right">{n(r.articles)}</td>
                  <td className="align-right">{n(r.kimActive)}</td>
                  <td className="align-right">{n(r.activities)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ReportSection>

      <ReportSection level={Heading} title={t('report.topArticles')}>
        {report.topArticles.length === 0 ? (
          <p className="muted">{t('report.noViews')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('report.topArticles')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="align-right">
                    #
                  </th>
                  <th scope="col">{t('report.article')}</th>
                  <th scope="col" className="align-right">
                    {t('metric.views')}
                  </th>
                  <th scope="col" className="align-right">
                    {t('metric.visitors')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.topArticles.map((a, i) => (
                  <tr key={a.id}>
                    <td className="align-right">{i + 1}</td>
                    <th scope="row">
                      <span className="report-article-title">{a.title}</span>
                      {/* The path stands in for a title no one confirmed (it came with page views). */}
                      {a.titleConfirmed ? null : <span className="report-url">({t('verification.pathShown')})</span>}
                      <span className="report-url">{a.url}</span>
                    </th>
                    <td className="align-right">{n(a.views)}</td>
                    <td className="align-right">{n(a.visitors)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ReportSection>

      <ReportSection level={Heading} title={t('report.topCategories')}>
        {report.topCategories.length === 0 ? (
          <p className="muted">{t('report.noViews')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('report.topCategories')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('categories.category')}</th>
                  <th scope="col" className="align-right">
                    {t('metric.views')}
                  </th>
                  <th scope="col" className="align-right">
                    {t('categories.share')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.topCategories.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{c.label}</th>
                    <td className="align-right">{n(c.views)}</td>
                    <td className="align-right">{c.share === null ? '–' : `${formatNumber(c.share, lang, 1)}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ReportSection>

      <ReportSection level={Heading} title={t('report.kim')} subtitle={t('report.kimHint', { day: formatDay(report.range.to, lang) })}>
        <div className="report-figures">
          <Figure label={t('metric.kim_groups')} value={report.kim.groups} lang={lang} />
          <Figure label={t('metric.kim_active')} value={report.kim.active} lang={lang} />
          <Figure label={t('metric.kim_dormant')} value={report.kim.dormant} lang={lang} />
          <Figure label={t('metric.coverage')} value={report.kim.coverage} lang={lang} percent />
          <Figure label={t('metric.active_coverage')} value={report.kim.activeCoverage} lang={lang} percent />
          <Figure label={t('metric.activities')} value={report.kim.activities} lang={lang} />
          <Figure label={t('metric.participants')} value={report.kim.participants} lang={lang} />
        </div>
        {report.kim.byType.length === 0 ? (
          <p className="muted">{t('report.noActivities')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('report.byType')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report.activityType')}</th>
                  <th scope="col" className="align-right">
                    {t('metric.activities')}
                  </th>
                  <th scope="col" className="align-right">
                    {t('metric.participants')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.kim.byType.map((k) => (
                  <tr key={k.type}>
                    <th scope="row">{k.label}</th>
                    <td className="align-right">{n(k.activities)}</td>
                    <td className="align-right">{n(k.participants)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ReportSection>

      <footer className="report-foot">
        <p>{report.visitorsDefinition}</p>
        <p>{t('report.generated', { at: formatDateTime(report.generatedAt, lang, report.timeZone) })}</p>
      </footer>
    </article>
  )
}

type Changes = { label: string; change: ReportChange }[]

function changesOf(report: MonthlyReport, metric: 'views' | 'visitors' | 'articles'): Changes {
  return [
    { label: report.previousMonth.label, change: report.change.previousMonth[metric] },
    { label: report.yearAgoMonth.label, change: report.change.yearAgo[metric] },
  ]
}

/** A headline number; with its changes against the previous month and the same month last year. */
/** A figure of the report; `percent`: a village coverage percent (one decimal, as every page writes it). */
function Figure({
  label,
  value,
  lang,
  changes,
  percent,
}: {
  label: string
  value: number
  lang: Lang
  changes?: Changes
  percent?: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className="report-figure">
      <p className="stat-label">{label}</p>
      <p className="report-figure-value">{percent ? formatVillagePercent(value, lang) : formatNumber(value, lang)}</p>
      {changes?.map(({ label: base, change }) => {
        const direction = change.percent == null ? 'none' : change.absolute > 0 ? 'up' : change.absolute < 0 ? 'down' : 'flat'
        return (
          <p key={base} className={`stat-change ${direction}`}>
            <span aria-hidden="true">{direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}</span>
            {change.percent == null
              ? t('report.noBase', { month: base })
              : t('report.changeVs', { change: formatChange(change.percent, lang), month: base })}
          </p>
        )
      })}
    </div>
  )
}

function ReportSection({
  level: Heading,
  title,
  subtitle,
  children,
}: {
  level: 'h2' | 'h3'
  title: string
  subtitle?: string
  children: ReactNode
}) {
  const id = useId()
  return (
    <section className="report-block" aria-labelledby={id}>
      <Heading id={id} className="report-section-title">
        {title}
      </Heading>
      {subtitle ? <p className="report-section-hint">{subtitle}</p> : null}
      {children}
    </section>
  )
}

/**
 * Marks the document ready to print (`data-report-ready="true"` on <html>) once every chart of the
 * report has drawn its SVG and the fonts are loaded; the server's PDF waits for it. "error" when the
 * page cannot show the report, so the server stops waiting at once.
 */
export function useReportReadyMarker(root: RefObject<HTMLElement | null>, state: 'loading' | 'shown' | 'error'): void {
  useEffect(() => {
    const html = document.documentElement
    if (state === 'error') {
      html.dataset.reportReady = 'error'
      return
    }
    delete html.dataset.reportReady
    if (state !== 'shown') return
    let frame = 0
    let cancelled = false
    const check = () => {
      const charts = [...(root.current?.querySelectorAll('.report-chart') ?? [])]
      if (charts.length > 0 && charts.every((c) => c.querySelector('svg.recharts-surface'))) {
        void document.fonts.ready.then(() => {
          if (!cancelled) html.dataset.reportReady = 'true'
        })
        return
      }
      frame = requestAnimationFrame(check)
    }
    check()
    return () => {
      cancelled = true
      cancelAnimationFrame(frame)
    }
  }, [root, state])
}

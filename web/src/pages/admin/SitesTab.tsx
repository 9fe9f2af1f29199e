import { createColumnHelper } from '@tanstack/react-table'
import type { Site } from '@jangkau/shared'
import { HOSTNAME_PATTERN, matches } from '@jangkau/shared/vocab'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { localMessage } from '../../api/client.ts'
import { useSaveSiteMutation, useSyncSiteFeedMutation } from '../../api/use-admin-queries.ts'
import { useSitesQuery } from '../../api/use-sites-query.ts'
import { Field } from '../../components/Field.tsx'
import { EmptyState } from '../../components/States.tsx'
import { csvFileName } from '../../data/csv.ts'
import { formatDateTime } from '../../data/format.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { REGENCIES, regencyName } from '../../data/regencies.ts'
import { CrudForm, CrudTab } from './CrudTab.tsx'

const col = createColumnHelper<Site>()

/** Whether a feed address is http(s) on the site's host or a subdomain (the server checks the same). */
function feedOnHost(feedUrl: string, hostname: string): boolean {
  if (!URL.canParse(feedUrl)) return false
  const url = new URL(feedUrl)
  const host = url.hostname.toLowerCase().replace(/^www\./, '')
  const site = hostname.replace(/^www\./, '')
  return /^https?:$/.test(url.protocol) && !url.username && !url.password && (host === site || host.endsWith(`.${site}`))
}

/** The portal's feed: its address, the last sync's outcome and "Sinkronkan sekarang". */
function FeedCell({ site }: { site: Site }) {
  const { t } = useTranslation()
  const lang = useLang()
  const sync = useSyncSiteFeedMutation()
  if (!site.feedUrl) return <span className="muted">{t('verification.noFeed')}</span>
  const { at, error, items } = site.feedSync
  const when = at ? formatDateTime(at, lang) : ''
  return (
    <span className="title-cell">
      <code className="small url">{site.feedUrl}</code>
      {!at ? (
        <span className="muted small">{t('verification.never')}</span>
      ) : error ? (
        <span className="small error-text" role="status">
          {t('verification.syncFailed', { at: when, error: localMessage(error, lang) })}
        </span>
      ) : (
        <span className="muted small">{t('verification.syncOk', { count: items ?? 0, at: when })}</span>
      )}
      <button
        type="button"
        className="button ghost small"
        disabled={sync.isPending}
        onClick={() => sync.mutate(site.id)}
        aria-label={t('verification.syncNowNamed', { name: site.name })}
      >
        {t('verification.syncNow')}
      </button>
    </span>
  )
}

/** The measured portals: name, host name, the region each belongs to and its feed. */
export function SitesTab() {
  const { t } = useTranslation()
  const sites = useSitesQuery()
  const columns = useMemo(() => {
    const regionLabel = (code: string | null) => (code === null ? '–' : code === '64' ? t('region.province') : regencyName(code))
    return [
      col.accessor('name', { header: t('admin.name') }),
      col.accessor('hostname', { header: t('admin.hostname'), cell: (c) => <code>{c.getValue()}</code> }),
      col.accessor('regionCode', { header: t('article.region'), cell: (c) => regionLabel(c.getValue()) }),
      col.accessor('autoCreated', { header: t('admin.origin'), cell: (c) => (c.getValue() ? t('admin.autoCreated') : t('admin.manual')) }),
      col.display({ id: 'feed', header: t('verification.feed'), cell: (c) => <FeedCell site={c.row.original} /> }),
    ]
  }, [t])
  return (
    <CrudTab
      title={t('admin.tabs.situs')}
      addLabel={t('admin.addSite')}
      list={sites}
      columns={columns}
      caption={t('admin.tabs.situs')}
      captionHidden
      empty={<EmptyState title={t('admin.noSites')} hint={t('admin.noSitesHint')} />}
      csv={{
        fileName: csvFileName('situs'),
        header: ['id', t('admin.name'), t('admin.hostname'), t('article.region'), t('admin.origin')],
        row: (x) => [x.id, x.name, x.hostname, x.regionCode, x.autoCreated ? 'auto' : 'admin'],
      }}
      form={(site, done) => <SiteForm site={site} onDone={done} />}
    />
  )
}

function SiteForm({ site, onDone }: { site: Site | null; onDone: () => void }) {
  const { t } = useTranslation()
  const save = useSaveSiteMutation()
  const [hostname, setHostname] = useState(site?.hostname ?? '')
  const [name, setName] = useState(site?.name ?? '')
  const [regionCode, setRegionCode] = useState(site?.regionCode ?? '')
  const [feedUrl, setFeedUrl] = useState(site?.feedUrl ?? '')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = () => {
    const host = hostname.trim().toLowerCase()
    const e: Record<string, string> = {}
    if (!matches(HOSTNAME_PATTERN, host)) e.hostname = t('form.hostname')
    if (!name.trim()) e.name = t('form.required')
    const feed = feedUrl.trim()
    if (feed && !feedOnHost(feed, host)) e.feedUrl = t('verification.feedUrlInvalid')
    setErrors(e)
    if (Object.keys(e).length > 0) return
    save.mutate(
      { id: site?.id ?? null, body: { hostname: host, name: name.trim(), regionCode: regionCode || null, feedUrl: feed || null } },
      { onSuccess: onDone },
    )
  }
  return (
    <CrudForm title={site ? t('admin.editNamed', { name: site.name }) : t('admin.addSite')} save={save} onSubmit={submit} onCancel={onDone}>
      <div className="field-row">
        <Field label={t('admin.name')} required error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />}
        </Field>
        <Field label={t('admin.hostname')} required hint={t('admin.hostnameHint')} error={errors.hostname}>
          {(p) => <input {...p} value={hostname} onChange={(e) => setHostname(e.target.value)} placeholder="diskominfo.kaltimprov.go.id" />}
        </Field>
        <Field label={t('article.region')}>
          {(p) => (
            <select {...p} value={regionCode} onChange={(e) => setRegionCode(e.target.value)}>
              <option value="">–</option>
              <option value="64">{t('region.province')}</option>
              {REGENCIES.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('verification.feedUrl')} hint={t('verification.feedUrlHint')} error={errors.feedUrl}>
        {(p) => (
          <input
            {...p}
            type="url"
            value={feedUrl}
            onChange={(e) => setFeedUrl(e.target.value)}
            maxLength={2048}
            placeholder="https://diskominfo.kaltimprov.go.id/feed"
          />
        )}
      </Field>
    </CrudForm>
  )
}

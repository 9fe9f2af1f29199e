import { createColumnHelper } from '@tanstack/react-table'
import type { ReportDelivery, ReportSchedule } from '@jangkau/shared'
// isEmailAddress: a plain mailbox address, as the server checks it (it answers invalid_email naming the bad one).
import { isEmailAddress, MAX_REPORT_RECIPIENTS } from '@jangkau/shared/vocab'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  useDeleteReportScheduleMutation,
  useReportDeliveriesQuery,
  useReportSchedulesQuery,
  useSaveReportScheduleMutation,
  useSendReportMutation,
} from '../../api/use-report-schedules.ts'
import { Field } from '../../components/Field.tsx'
import { Panel } from '../../components/Panel.tsx'
import { EmptyState, ErrorState, useErrorText } from '../../components/States.tsx'
import { formatBucketLong, formatDateTime } from '../../data/format.ts'
import { REGENCIES, regencyByCode } from '../../data/regencies.ts'
import { lastFullMonth, recentMonths } from '../../data/report-months.ts'
import { useLang } from '../../i18n/use-lang.ts'
import { DataTable, NO_ROWS } from '../../tables/DataTable.tsx'
import { CrudForm } from './CrudTab.tsx'

const scheduleCol = createColumnHelper<ReportSchedule>()
const deliveryCol = createColumnHelper<ReportDelivery>()

const DAYS = Array.from({ length: 28 }, (_, i) => i + 1)
const HOURS = Array.from({ length: 24 }, (_, i) => i)

/** "08.00" (id) / "08:00" (en), WITA. */
const hourLabel = (hour: number, lang: 'id' | 'en') => `${String(hour).padStart(2, '0')}${lang === 'id' ? '.' : ':'}00`

/** Addresses typed one per line or separated by commas or semicolons. */
const splitRecipients = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)

/**
 * Admin → Laporan terjadwal: who receives the monthly report by email, for which region, in which
 * language and when; "Kirim sekarang" to try a schedule; and every send with its status, attempts
 * and the mail server's last error, failed ones marked.
 */
export function ReportSchedulesTab() {
  const { t } = useTranslation()
  const lang = useLang()
  const schedules = useReportSchedulesQuery()
  const remove = useDeleteReportScheduleMutation()
  const send = useSendReportMutation()
  const errorText = useErrorText()
  const [editing, setEditing] = useState<ReportSchedule | 'new' | null>(null)
  const [sendMonth, setSendMonth] = useState(() => lastFullMonth(new Date()))
  const emailConfigured = schedules.data?.emailConfigured
  const regionLabel = (code: string | null) => (code === null ? t('region.province') : (regencyByCode(code)?.name ?? code))
  const monthLabel = (month: string) => formatBucketLong(month, 'month', lang)

  const columns = [
    scheduleCol.accessor('recipients', {
      header: t('reportSchedules.recipients'),
      enableSorting: false,
      cell: (c) => (
        <ul className="plain-list">
          {c.getValue().map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ),
    }),
    scheduleCol.accessor('regionCode', { header: t('article.region'), cell: (c) => regionLabel(c.getValue()) }),
    scheduleCol.accessor('lang', { header: t('reportSchedules.language'), cell: (c) => t(`reportSchedules.langs.${c.getValue()}`) }),
    scheduleCol.display({
      id: 'when',
      header: t('reportSchedules.when'),
      cell: (c) => t('reportSchedules.whenValue', { day: c.row.original.dayOfMonth, hour: hourLabel(c.row.original.hour, lang) }),
    }),
    scheduleCol.accessor('enabled', {
      header: t('admin.status'),
      cell: (c) => (
        <span className={`badge ${c.getValue() ? 'status-aktif' : 'neutral'}`}>
          {c.getValue() ? t('reportSchedules.enabled') : t('reportSchedules.paused')}
        </span>
      ),
    }),
    scheduleCol.display({
      id: 'actions',
      header: () => <span className="visually-hidden">{t('admin.actions')}</span>,
      cell: (c) => {
        const s = c.row.original
        const name = s.recipients[0] ?? String(s.id)
        return (
          <div className="row-actions">
            <button
              type="button"
              className="button small"
              disabled={!emailConfigured || send.isPending}
              aria-label={t('reportSchedules.sendNowNamed', { month: monthLabel(sendMonth), name })}
              onClick={() => {
                if (window.confirm(t('reportSchedules.sendConfirm', { month: monthLabel(sendMonth), count: s.recipients.length })))
                  send.mutate({ id: s.id, month: sendMonth })
              }}
            >
              {t('reportSchedules.sendNow')}
            </button>
            <button type="button" className="button ghost small" onClick={() => setEditing(s)} aria-label={t('admin.editNamed', { name })}>
              {t('admin.edit')}
            </button>
            <button
              type="button"
              className="button danger small"
              disabled={remove.isPending}
              aria-label={t('admin.deleteNamed', { name })}
              onClick={() => {
                if (window.confirm(t('reportSchedules.deleteConfirm', { name }))) remove.mutate(s.id)
              }}
            >
              {t('admin.delete')}
            </button>
          </div>
        )
      },
    }),
  ]

  return (
    <>
      {schedules.data && !schedules.data.emailConfigured ? (
        <p className="notice warning" role="status">
          <strong>{t('reportSchedules.notConfigured')}</strong> {t('reportSchedules.notConfiguredHint')}
        </p>
      ) : null}
      {schedules.data?.emailConfigured && !schedules.data.pdfAvailable ? <p className="notice">{t('reportSchedules.noPdf')}</p> : null}
      {editing ? (
        <ScheduleForm
          key={editing === 'new' ? 'new' : editing.id}
          schedule={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <Panel
        title={t('admin.tabs.laporan')}
        subtitle={t('reportSchedules.hint')}
        busy={schedules.isFetching}
        actions={
          <>
            <label className="inline-field">
              {t('reportSchedules.sendMonth')}{' '}
              <select value={sendMonth} onChange={(e) => setSendMonth(e.target.value)}>
                {recentMonths(new Date(), 24).map((m) => (
                  <option key={m} value={m}>
                    {monthLabel(m)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button small" onClick={() => setEditing('new')}>
              {t('reportSchedules.add')}
            </button>
          </>
        }
      >
        {send.isSuccess ? (
          <p className={`notice spaced ${send.data.status === 'sent' ? 'success' : 'error'}`} role="status">
            {send.data.status === 'sent'
              ? t('reportSchedules.sentNow', { month: monthLabel(send.data.month), count: send.data.recipients.length })
              : t('reportSchedules.notSentNow', { month: monthLabel(send.data.month), error: send.data.lastError ?? '' })}
          </p>
        ) : null}
        {send.isError || remove.isError ? (
          <p className="notice error spaced" role="alert">
            {errorText(send.error ?? remove.error)}
          </p>
        ) : null}
        {schedules.isError ? (
          <ErrorState error={schedules.error} what={t('admin.tabs.laporan').toLowerCase()} onRetry={() => void schedules.refetch()} />
        ) : (
          <DataTable
            caption={t('reportSchedules.caption', { count: schedules.data?.total ?? 0 })}
            columns={columns}
            data={schedules.data?.items ?? NO_ROWS}
            getRowId={(s) => String(s.id)}
            loading={schedules.isPending}
            empty={<EmptyState title={t('reportSchedules.none')} hint={t('reportSchedules.noneHint')} />}
          />
        )}
      </Panel>
      <DeliveriesPanel regionOf={(id) => regionLabel(schedules.data?.items.find((s) => s.id === id)?.regionCode ?? null)} />
    </>
  )
}

/** The sends, newest first: failed ones with a red badge and the mail server's answer. */
function DeliveriesPanel({ regionOf }: { regionOf: (scheduleId: number) => string }) {
  const { t } = useTranslation()
  const lang = useLang()
  const deliveries = useReportDeliveriesQuery()
  const failed = deliveries.data?.items.filter((d) => d.status === 'failed').length ?? 0
  const columns = [
    deliveryCol.accessor('createdAt', { header: t('reportSchedules.created'), cell: (c) => formatDateTime(c.getValue(), lang) }),
    deliveryCol.accessor('month', { header: t('reportSchedules.month'), cell: (c) => formatBucketLong(c.getValue(), 'month', lang) }),
    deliveryCol.accessor('scheduleId', { header: t('article.region'), cell: (c) => regionOf(c.getValue()) }),
    deliveryCol.accessor('kind', { header: t('reportSchedules.kind'), cell: (c) => t(`reportSchedules.kinds.${c.getValue()}`) }),
    deliveryCol.accessor('status', {
      header: t('admin.status'),
      cell: (c) => <span className={`badge delivery-${c.getValue()}`}>{t(`reportSchedules.status.${c.getValue()}`)}</span>,
    }),
    deliveryCol.accessor('attempts', {
      header: t('reportSchedules.attempts'),
      meta: { align: 'right' },
      cell: (c) => t('reportSchedules.attemptsValue', { n: c.getValue(), max: c.row.original.maxAttempts }),
    }),
    deliveryCol.display({
      id: 'detail',
      header: t('reportSchedules.detail'),
      cell: (c) => {
        const d = c.row.original
        if (d.status === 'sent') {
          return (
            <>
              {t('reportSchedules.sentAt', { at: formatDateTime(d.sentAt ?? d.createdAt, lang), count: d.recipients.length })}
              {d.pdfAttached === false ? ` ${t('reportSchedules.withoutPdf')}` : ''}
            </>
          )
        }
        return (
          <>
            {d.lastError ? <span className="delivery-error">{d.lastError}</span> : null}
            {d.status === 'pending' && d.nextAttemptAt ? (
              <span className="field-hint"> {t('reportSchedules.nextAttempt', { at: formatDateTime(d.nextAttemptAt, lang) })}</span>
            ) : null}
          </>
        )
      },
    }),
  ]
  return (
    <Panel title={t('reportSchedules.deliveries')} subtitle={t('reportSchedules.deliveriesHint')} busy={deliveries.isFetching}>
      {failed > 0 ? (
        <p className="notice error spaced" role="status">
          {t('reportSchedules.failedCount', { count: failed })}
        </p>
      ) : null}
      {deliveries.isError ? (
        <ErrorState
          error={deliveries.error}
          what={t('reportSchedules.deliveries').toLowerCase()}
          onRetry={() => void deliveries.refetch()}
        />
      ) : (
        <DataTable
          caption={t('reportSchedules.deliveriesCaption', { count: deliveries.data?.total ?? 0 })}
          columns={columns}
          data={deliveries.data?.items ?? NO_ROWS}
          getRowId={(d) => String(d.id)}
          loading={deliveries.isPending}
          empty={<EmptyState title={t('reportSchedules.noDeliveries')} />}
        />
      )}
    </Panel>
  )
}

function ScheduleForm({ schedule, onDone }: { schedule: ReportSchedule | null; onDone: () => void }) {
  const { t } = useTranslation()
  const lang = useLang()
  const save = useSaveReportScheduleMutation()
  const [recipients, setRecipients] = useState(schedule?.recipients.join('\n') ?? '')
  const [regionCode, setRegionCode] = useState(schedule?.regionCode ?? '')
  const [reportLang, setReportLang] = useState<'id' | 'en'>(schedule?.lang ?? 'id')
  const [dayOfMonth, setDayOfMonth] = useState(schedule?.dayOfMonth ?? 1)
  const [hour, setHour] = useState(schedule?.hour ?? 8)
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = () => {
    const list = splitRecipients(recipients)
    const bad = list.find((r) => !isEmailAddress(r))
    const e: Record<string, string> = {}
    if (list.length === 0) e.recipients = t('form.required')
    else if (bad) e.recipients = t('reportSchedules.badEmail', { address: bad })
    else if (list.length > MAX_REPORT_RECIPIENTS) e.recipients = t('reportSchedules.tooMany', { n: MAX_REPORT_RECIPIENTS })
    setErrors(e)
    if (Object.keys(e).length > 0) return
    const body = { recipients: list, regionCode: regionCode || null, lang: reportLang, dayOfMonth, hour, enabled }
    save.mutate({ id: schedule?.id ?? null, body }, { onSuccess: onDone })
  }
  return (
    <CrudForm title={schedule ? t('reportSchedules.edit') : t('reportSchedules.add')} save={save} onSubmit={submit} onCancel={onDone}>
      <Field label={t('reportSchedules.recipients')} required hint={t('reportSchedules.recipientsHint')} error={errors.recipients}>
        {(p) => (
          <textarea
            {...p}
            rows={4}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
            placeholder="kadis@kaltimprov.go.id"
          />
        )}
      </Field>
      <div className="field-row">
        <Field label={t('article.region')}>
          {(p) => (
            <select {...p} value={regionCode} onChange={(e) => setRegionCode(e.target.value)}>
              <option value="">{t('region.province')}</option>
              {REGENCIES.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('reportSchedules.language')}>
          {(p) => (
            <select {...p} value={reportLang} onChange={(e) => setReportLang(e.target.value as 'id' | 'en')}>
              <option value="id">{t('reportSchedules.langs.id')}</option>
              <option value="en">{t('reportSchedules.langs.en')}</option>
            </select>
          )}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('reportSchedules.day')} hint={t('reportSchedules.dayHint')}>
          {(p) => (
            <select {...p} value={dayOfMonth} onChange={(e) => setDayOfMonth(Number(e.target.value))}>
              {DAYS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('reportSchedules.hour')} hint={t('reportSchedules.hourHint')}>
          {(p) => (
            <select {...p} value={hour} onChange={(e) => setHour(Number(e.target.value))}>
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {hourLabel(h, lang)} WITA
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('reportSchedules.enabledLabel')}
      </label>
    </CrudForm>
  )
}

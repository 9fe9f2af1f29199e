import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useHistoryImportMutation } from '../../api/use-history-import.ts'
import { CsvUploadFields } from '../../components/CsvUploadFields.tsx'
import { ImportErrors } from '../../components/ImportErrors.tsx'
import { formatNumber } from '../../data/format.ts'
import { useLang } from '../../i18n/use-lang.ts'

/** Same as shared's DAILY_VIEWS_MAX_BYTES: larger files are refused before uploading. */
const MAX_MB = 32

/** The first lines of each file, as the admin's CMS export should look. */
const EXAMPLES = {
  base:
    'url;baseViews\nhttps://diskominfo.kaltimprov.go.id/index.php/pemerintahan/' +
    'diskominfo-kaltim-lakukan-koordinasi-dan-pembinaan-kim-ke-kutim;493',
  daily:
    'url;date;views\nhttps://diskominfo.kaltimprov.go.id/index.php/pemerintahan/' +
    'diskominfo-kaltim-lakukan-koordinasi-dan-pembinaan-kim-ke-kutim;2022-04-20;187',
} as const
type Kind = keyof typeof EXAMPLES

/**
 * /admin/riwayat: carry the portal's own counts over, so that "493 kali dilihat" is not reset when
 * the portal switches to Jangkau. Base counts per article (the counter shows them plus what Jangkau
 * counts) and, where the CMS kept them, daily counts (added to the stats, marked as imported).
 */
export function HistoryTab() {
  const { t } = useTranslation()
  const lang = useLang()
  const [kind, setKind] = useState<Kind>('base')
  const [file, setFile] = useState<File | null>(null)
  const [progress, setProgress] = useState(0)
  const [localError, setLocalError] = useState<string | null>(null)
  const upload = useHistoryImportMutation(setProgress)
  const ids = { kind: useId() }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setLocalError(null)
    if (!file) return setLocalError(t('import.chooseFile'))
    if (file.size > MAX_MB * 1024 * 1024) return setLocalError(t('import.tooLarge', { mb: MAX_MB }))
    setProgress(0)
    upload.mutate({ kind, file })
  }
  const n = (value: number) => formatNumber(value, lang)

  return (
    <>
      <p className="help-text">{t('history.lead')}</p>
      <form className="form-card" onSubmit={submit} noValidate aria-label={t('history.title')}>
        <fieldset>
          <legend>{t('import.kind')}</legend>
          <div className="inline-choices">
            {(Object.keys(EXAMPLES) as Kind[]).map((k) => (
              <label key={k} className="check">
                <input
                  type="radio"
                  name={ids.kind}
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k)
                    upload.reset()
                  }}
                />{' '}
                {t(`history.kinds.${k}`)}
              </label>
            ))}
          </div>
          <p className="field-hint">{t(`history.hint.${kind}`)}</p>
          <pre className="code-sample">{EXAMPLES[kind]}</pre>
        </fieldset>
        <CsvUploadFields
          onFile={(chosen) => {
            setFile(chosen)
            upload.reset()
            setProgress(0)
          }}
          localError={localError}
          pending={upload.isPending}
          done={false}
          progress={progress}
          canSubmit={file !== null}
        />
      </form>
      <div aria-live="polite">
        {upload.data?.kind === 'base' ? (
          <p className="notice success">
            {t('history.baseDone', { created: n(upload.data.answer.created), updated: n(upload.data.answer.updated) })}
          </p>
        ) : null}
        {upload.data?.kind === 'daily' ? (
          <p className="notice success">
            {t('history.dailyDone', {
              rows: n(upload.data.answer.rows),
              added: n(upload.data.answer.daysAdded),
              changed: n(upload.data.answer.daysChanged),
              unchanged: n(upload.data.answer.daysUnchanged),
              articles: n(upload.data.answer.articlesCreated),
            })}
          </p>
        ) : null}
      </div>
      {upload.isError ? <ImportErrors error={upload.error} fileName={file?.name ?? ''} id="history-errors" /> : null}
    </>
  )
}

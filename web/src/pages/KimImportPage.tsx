import type { KimImportKind } from '@jangkau/shared'
import { KIM_IMPORT_KINDS } from '@jangkau/shared/vocab'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { kimImportTemplateUrl, useKimImportMutation } from '../api/use-kim-import.ts'
import { CsvUploadFields } from '../components/CsvUploadFields.tsx'
import { ImportErrors } from '../components/ImportErrors.tsx'
import { useMe } from '../components/Layout.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { EmptyState } from '../components/States.tsx'
import { formatNumber } from '../data/format.ts'
import { canWriteKim } from '../data/roles.ts'
import { useLang } from '../i18n/use-lang.ts'

/** Same as shared's KIM_IMPORT_MAX_BYTES: larger files are refused before uploading. */
const MAX_BYTES = 10 * 1024 * 1024

/** /kim/impor: upload a CSV of groups or activities; progress bar; a row-by-row report of refusals. */
export default function KimImportPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const me = useMe()
  const [kind, setKind] = useState<KimImportKind>('groups')
  const [file, setFile] = useState<File | null>(null)
  const [progress, setProgress] = useState(0)
  const [localError, setLocalError] = useState<string | null>(null)
  const upload = useKimImportMutation(setProgress)
  const ids = { kind: useId() }

  const title = t('kim.importTitle')
  if (!canWriteKim(me)) {
    return (
      <>
        <PageHeader title={title} />
        <EmptyState title={t('kim.notAllowed')} hint={t('kim.notAllowedHint')} action={<Link to="/kim">{t('nav.kim')}</Link>} />
      </>
    )
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setLocalError(null)
    if (!file) return setLocalError(t('import.chooseFile'))
    if (file.size > MAX_BYTES) return setLocalError(t('import.tooLarge', { mb: 10 }))
    setProgress(0)
    upload.mutate({ kind, file })
  }

  return (
    <>
      <PageHeader
        title={title}
        lead={t('import.lead')}
        crumbs={
          <>
            <Link to="/kim">{t('nav.kim')}</Link> <span aria-hidden="true">›</span> <span aria-current="page">{title}</span>
          </>
        }
      />
      <form className="form-card" onSubmit={submit} noValidate aria-label={title}>
        <fieldset>
          <legend>{t('import.kind')}</legend>
          <div className="inline-choices">
            {KIM_IMPORT_KINDS.map((k) => (
              <label key={k} className="check">
                <input type="radio" name={ids.kind} value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`import.kinds.${k}`)}
              </label>
            ))}
          </div>
          <p className="field-hint">
            {t('import.templateHint')}{' '}
            <a href={kimImportTemplateUrl(kind)} download>
              {t('import.template', { kind: t(`import.kinds.${kind}`) })}
            </a>
          </p>
          {me.role === 'operator' ? <p className="field-hint">{t('import.operatorHint')}</p> : null}
        </fieldset>
        <CsvUploadFields
          onFile={(chosen) => {
            setFile(chosen)
            upload.reset()
            setProgress(0)
          }}
          localError={localError}
          pending={upload.isPending}
          done={upload.isSuccess}
          progress={progress}
          canSubmit={file !== null}
        />
      </form>
      <div aria-live="polite">
        {upload.isSuccess ? (
          <p className="notice success">
            {t('import.success', { count: upload.data.imported, n: formatNumber(upload.data.imported, lang) })}{' '}
            <Link to="/kim">{t('import.toRegistry')}</Link>
          </p>
        ) : null}
      </div>
      {upload.isError ? <ImportErrors error={upload.error} fileName={file?.name ?? ''} id="import-errors" /> : null}
    </>
  )
}

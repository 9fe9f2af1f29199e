import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { formatShare } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'

/**
 * The bottom of a CSV import form: the file input, a problem found before uploading, the upload's
 * progress and the submit button. The form around it owns the state and the upload.
 */
export function CsvUploadFields({
  onFile,
  localError,
  pending,
  done,
  progress,
  canSubmit,
}: {
  /** A file was chosen (or the choice cleared). */
  onFile: (file: File | null) => void
  localError: string | null
  pending: boolean
  /** The upload finished: the progress bar stays, full. */
  done: boolean
  /** 0..1 of the file sent. */
  progress: number
  canSubmit: boolean
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const ids = { file: useId(), progress: useId() }
  return (
    <>
      <div className="field">
        <label htmlFor={ids.file}>{t('import.file')}</label>
        <input id={ids.file} type="file" accept=".csv,text/csv" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      </div>
      {localError ? (
        <p className="field-error" role="alert">
          {localError}
        </p>
      ) : null}
      {pending || done ? (
        <div className="progress-field">
          <label htmlFor={ids.progress}>{done ? t('import.done') : t('import.uploading')}</label>
          <progress id={ids.progress} max={1} value={progress} aria-valuetext={formatShare(progress, lang)} />
          <span aria-hidden="true">{formatShare(progress, lang)}</span>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending || !canSubmit}>
          {pending ? t('import.uploading') : t('import.submit')}
        </button>
      </div>
    </>
  )
}

import { useTranslation } from 'react-i18next'

/** The end of an admin form: Simpan (or `saveLabel`; disabled while saving) and Batal. */
export function SaveCancelActions({ saving, onCancel, saveLabel }: { saving: boolean; onCancel: () => void; saveLabel?: string }) {
  const { t } = useTranslation()
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={saving}>
        {saving ? t('form.saving') : (saveLabel ?? t('form.save'))}
      </button>
      <button type="button" className="button ghost" onClick={onCancel}>
        {t('form.cancel')}
      </button>
    </div>
  )
}

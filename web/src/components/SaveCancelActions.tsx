import { useTranslation } from 'react-i18next'

/** The end of an admin form: Simpan (disabled while saving) and Batal. */
export function SaveCancelActions({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={saving}>
        {saving ? t('form.saving') : t('form.save')}
      </button>
      <button type="button" className="button ghost" onClick={onCancel}>
        {t('form.cancel')}
      </button>
    </div>
  )
}

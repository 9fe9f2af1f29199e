import type { KimActivity } from '@jangkau/shared'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDeleteKimActivityMutation } from '../api/use-kim-mutations.ts'
import { formatDay } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import { ConfirmDialog } from './ConfirmDialog.tsx'
import { useErrorText } from './States.tsx'

/**
 * "Hapus" for one KIM activity: asks first in a dialog that names the activity and its day, then
 * DELETE /api/kim/activities/:id. The server decides (and audits); its refusal shows in the dialog.
 */
export function DeleteActivityButton({
  activity,
  small,
  onDeleted,
}: {
  activity: Pick<KimActivity, 'id' | 'title' | 'date'>
  small?: boolean
  onDeleted: () => void
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const [open, setOpen] = useState(false)
  const remove = useDeleteKimActivityMutation()
  const errorText = useErrorText()
  const day = formatDay(activity.date, lang)

  return (
    <>
      <button
        type="button"
        className={`button danger${small ? ' small' : ''}`}
        onClick={() => {
          remove.reset()
          setOpen(true)
        }}
      >
        {t('kim.deleteActivity')}
        <span className="visually-hidden"> {t('kim.activityNamed', { title: activity.title, date: day })}</span>
      </button>
      <ConfirmDialog
        open={open}
        title={t('kim.deleteActivityTitle')}
        confirmLabel={t('kim.deleteActivity')}
        busy={remove.isPending}
        error={remove.isError ? `${t('kim.deleteFailed')} ${errorText(remove.error)}` : null}
        onCancel={() => setOpen(false)}
        // mutateAsync, not mutate's callbacks: the refreshed list may unmount this row before the
        // mutation settles, and mutate's callbacks do not run for an unmounted component.
        onConfirm={() =>
          void remove.mutateAsync(activity.id).then(
            () => {
              setOpen(false)
              onDeleted()
            },
            () => {}, // shown in the dialog through remove.isError
          )
        }
      >
        <p>{t('kim.deleteActivityQuestion', { title: activity.title, date: day })}</p>
        <p className="help-text">{t('kim.deleteActivityHint')}</p>
      </ConfirmDialog>
    </>
  )
}

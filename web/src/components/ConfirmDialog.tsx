import { type ReactNode, useEffect, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'

export interface ConfirmDialogProps {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  busy?: boolean
  /** What went wrong on the last try (the server's answer), shown inside the dialog. */
  error?: string | null
  onConfirm: () => void
  onCancel: () => void
}

/**
 * A modal "are you sure?" on the native <dialog> (showModal): the browser traps focus, closes it on
 * Escape and makes the rest of the page inert, which window.confirm does too but without saying what
 * exactly is at stake in the page's own words and language. Focus starts on Batal, the safe choice.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const bodyId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      cancelRef.current?.focus()
    } else if (!open && dialog.open) dialog.close()
  }, [open])

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      // Escape (the browser's own cancel) closes it like Batal does.
      onCancel={(event) => {
        event.preventDefault()
        if (!busy) onCancel()
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy}>
          {busy ? t('form.deleting') : confirmLabel}
        </button>
        <button type="button" className="button ghost" ref={cancelRef} onClick={onCancel} disabled={busy}>
          {t('form.cancel')}
        </button>
      </div>
    </dialog>
  )
}

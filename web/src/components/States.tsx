import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, localMessage } from '../api/client.ts'
import { useLang } from '../i18n/use-lang.ts'

/** What to show when there is nothing yet: what it means, and what to do next. */
export function EmptyState({ title, hint, action }: { title: string; hint?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {hint ? <p className="empty-hint">{hint}</p> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  )
}

/** The human text of an error in the UI language (server messages carry both languages). */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation()
  const lang = useLang()
  return (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.code === 'network_error') return t('error.network')
      if (error.status === 403) return t('error.forbidden')
      if (error.status >= 500) return t('error.server')
      return localMessage(error.message, lang)
    }
    return t('error.unknown')
  }
}

/** What went wrong, said plainly, with a retry button when retrying can help. */
export function ErrorState({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  const { t } = useTranslation()
  const text = useErrorText()
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{t('error.couldNotLoad', { what })}</p>
      <p className="error-detail">{text(error)}</p>
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  )
}

import type { KimStatus } from '@jangkau/shared'
import { useTranslation } from 'react-i18next'

/** A KIM group's status as a badge: text first (colour is only a second cue). */
export function StatusBadge({ status }: { status: KimStatus }) {
  const { t } = useTranslation()
  return <span className={`badge status-${status}`}>{t(`kim.status.${status}`)}</span>
}

import { useTranslation } from 'react-i18next'
import type { Lang } from '../data/format.ts'

/** The UI language as the formatters in data/format.ts take it. */
export function useLang(): Lang {
  const { i18n } = useTranslation()
  return i18n.language === 'en' ? 'en' : 'id'
}

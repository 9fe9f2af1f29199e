import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Lang } from '../data/format.ts'
import { en } from './en.ts'
import { id } from './id.ts'

/**
 * Bahasa Indonesia first, English as the second language. The choice is kept in localStorage (not
 * a cookie: the server never needs it) and written to <html lang> so screen readers pronounce the
 * page right.
 */
const STORAGE_KEY = 'jangkau.lang'

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id'
  } catch {
    return 'id'
  }
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // Private mode: the choice lasts until the tab closes, which is fine.
  }
  document.documentElement.lang = lang
  await i18next.changeLanguage(lang)
}

export function initI18n(lang: Lang = storedLang()) {
  document.documentElement.lang = lang
  return i18next.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'id',
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    showSupportNotice: false,
  })
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    // Keys are checked at compile time against the Indonesian dictionary; en.ts must match its shape.
    resources: { translation: typeof id }
  }
}

import type { Lang } from '@jangkau/shared'

/**
 * The server's one way to write a text in Indonesian and English: a `Msg` ({ id, en }). Labels
 * (CSV headers, report sentences) are picked by the language asked for (`msg[lang]`); messages of
 * the API are shown in both at once, "Indonesian / English" (`bilingual`, or `t` for a text written
 * in place); the row errors of imports carry a Msg as `reason` and `reasonEn` (csv/read-csv.ts rowError).
 */

export type { Lang }

/** A text in Indonesian and English. */
export type Msg = Record<Lang, string>

const SEPARATOR = ' / '

/** Both languages in one string, as every error message of the API: "Situs 1 tidak ditemukan. / Site 1 not found." */
export const bilingual = (msg: Msg): string => `${msg.id}${SEPARATOR}${msg.en}`

/** `bilingual` of a text written in place: t('Berkas kosong.', 'The file is empty.'). */
export const t = (id: string, en: string): string => bilingual({ id, en })

/** The part in `lang` of a text made by `bilingual` (the whole text when it is in one language only). */
export function inLanguage(text: string, lang: Lang): string {
  const at = text.indexOf(SEPARATOR)
  return at < 0 ? text : lang === 'id' ? text.slice(0, at) : text.slice(at + SEPARATOR.length)
}

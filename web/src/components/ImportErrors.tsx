import type { ImportRowError } from '@jangkau/shared'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../api/client.ts'
import { csvFileName } from '../data/csv.ts'
import { formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DownloadCsv } from './DownloadCsv.tsx'
import { useErrorText } from './States.tsx'

function isRowError(x: unknown): x is ImportRowError {
  const r = x as ImportRowError
  return typeof r === 'object' && r !== null && typeof r.line === 'number' && typeof r.reason === 'string'
}

/**
 * Why a CSV import failed: the row-by-row list of problems (with a CSV download of it, to fix the
 * file in Excel), or the error itself when the file as a whole was refused.
 */
export function ImportErrors({ error, fileName, id }: { error: ApiError; fileName: string; id: string }) {
  const { t } = useTranslation()
  const lang = useLang()
  const errorText = useErrorText()
  const rowErrors = (error.details ?? []).filter(isRowError)
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id} className="panel-title">
        {t('import.failed')}
      </h2>
      <p role="alert">
        {rowErrors.length > 0
          ? t('import.rowErrors', { count: rowErrors.length, n: formatNumber(rowErrors.length, lang) })
          : errorText(error)}
      </p>
      {rowErrors.length > 0 ? (
        <>
          <p className="help-text">{t('import.nothingImported')}</p>
          <div className="table-actions">
            <DownloadCsv
              build={() => ({
                header: [t('import.line'), t('import.column'), t('import.reason')],
                rows: rowErrors.map((r) => [r.line, r.column, lang === 'en' ? r.reasonEn : r.reason]),
              })}
              fileName={csvFileName('impor-kesalahan', fileName)}
            />
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: a scroll region for keyboard users, not a set of form controls:
               a fieldset is wrong here */}
          <div className="table-scroll" role="group" aria-labelledby={id} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="align-right">
                    {t('import.line')}
                  </th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rowErrors.map((r, i) => (
                  /* biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of reported errors that is never reordered;
                     line and column alone can repeat */
                  <tr key={`${r.line}-${r.column}-${i}`}>
                    <td className="align-right">{formatNumber(r.line, lang)}</td>
                    <td>
                      <code>{r.column ?? '–'}</code>
                    </td>
                    <td>{lang === 'en' ? r.reasonEn : r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  )
}

import { CSV_BOM, CSV_CONTENT_TYPE, type CsvValue, toCsv, withExtension } from '@jangkau/shared'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

export interface CsvTable {
  header: string[]
  rows: CsvValue[][]
}

type Props = { label?: string; fileName: string } & (
  | { href: string; build?: never }
  | { href?: never; build: () => CsvTable | Promise<CsvTable> }
)

/** Hands the browser a file to save as `fileName` (a temporary link to the Blob, clicked). */
export function saveFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Hands the browser a CSV file to save. */
export function saveCsv(fileName: string, table: CsvTable): void {
  // The byte order mark makes Excel read the file as UTF-8 (names with accents, "–").
  saveFile(fileName, new Blob([CSV_BOM, toCsv(table.header, table.rows)], { type: CSV_CONTENT_TYPE }))
}

/** Hands the browser the table as an .xlsx workbook (the writer is loaded on the first click). */
export async function saveXlsx(fileName: string, table: CsvTable): Promise<void> {
  const { toXlsx } = await import('@jangkau/shared/xlsx')
  saveFile(withExtension(fileName, 'xlsx'), await toXlsx(table.header, table.rows))
}

/** The server's address of the same file as .xlsx: every CSV endpoint takes `format=xlsx`. */
export function xlsxHref(href: string): string {
  const url = new URL(href, window.location.origin)
  url.searchParams.set('format', 'xlsx')
  return url.origin === window.location.origin ? url.pathname + url.search : url.toString()
}

const Icon = () => <span aria-hidden="true">⤓ </span>

/**
 * "Unduh CSV" and "Unduh XLSX" side by side. With `href` the server makes the files (large or raw
 * data); with `build` the browser makes them from data it holds or fetches (pivots, small tables),
 * so the files match the screen. Both write the same format (shared/src/csv.ts, xlsx.ts).
 */
export function DownloadCsv(props: Props) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null)
  const [failed, setFailed] = useState(false)
  const label = props.label ?? t('action.downloadCsv')
  // A caller's own label ("Unduh CSV (halaman ini)") names its XLSX twin the same way.
  const xlsxLabel = props.label ? props.label.replace('CSV', 'XLSX') : t('action.downloadXlsx')
  if (props.href !== undefined) {
    return (
      <>
        <a className="button ghost small" href={props.href} download={props.fileName}>
          <Icon />
          {label}
        </a>
        <a className="button ghost small" href={xlsxHref(props.href)} download={withExtension(props.fileName, 'xlsx')}>
          <Icon />
          {xlsxLabel}
        </a>
      </>
    )
  }
  const build = props.build
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format)
    setFailed(false)
    try {
      const table = await build()
      if (format === 'csv') saveCsv(props.fileName, table)
      else await saveXlsx(props.fileName, table)
    } catch {
      setFailed(true)
    } finally {
      setBusy(null)
    }
  }
  return (
    <>
      <button type="button" className="button ghost small" onClick={() => void download('csv')} disabled={busy !== null}>
        <Icon />
        {busy === 'csv' ? t('state.preparing') : label}
      </button>
      <button type="button" className="button ghost small" onClick={() => void download('xlsx')} disabled={busy !== null}>
        <Icon />
        {busy === 'xlsx' ? t('state.preparing') : xlsxLabel}
      </button>
      {failed ? (
        <span role="alert" className="field-error">
          {t('error.download')}
        </span>
      ) : null}
    </>
  )
}

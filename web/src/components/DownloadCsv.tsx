import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type CsvValue, toCsv } from '../data/csv.ts'

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
  saveFile(fileName, new Blob(['\uFEFF', toCsv(table.header, table.rows)], { type: 'text/csv;charset=utf-8' }))
}

/**
 * "Unduh CSV". With `href` the server makes the file (large or raw data); with `build` the browser
 * makes it from data it holds or fetches (pivots, small tables), so the file matches the screen.
 */
export function DownloadCsv(props: Props) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const label = props.label ?? t('action.downloadCsv')
  if (props.href !== undefined) {
    return (
      <a className="button ghost small" href={props.href} download={props.fileName}>
        <span aria-hidden="true">⤓ </span>
        {label}
      </a>
    )
  }
  const build = props.build
  const download = async () => {
    setBusy(true)
    setFailed(false)
    try {
      saveCsv(props.fileName, await build())
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" className="button ghost small" onClick={() => void download()} disabled={busy}>
        <span aria-hidden="true">⤓ </span>
        {busy ? t('state.preparing') : label}
      </button>
      {failed ? (
        <span role="alert" className="field-error">
          {t('error.download')}
        </span>
      ) : null}
    </>
  )
}

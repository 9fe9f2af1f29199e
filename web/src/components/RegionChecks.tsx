import { useTranslation } from 'react-i18next'
import { REGENCIES } from '../data/regencies.ts'

/** Checkboxes of the ten regencies, for an operator's or token's write scope. */
export function RegionChecks({
  value,
  onChange,
  legend,
  error,
}: {
  value: string[]
  onChange: (v: string[]) => void
  legend: string
  error?: string | null
}) {
  const { t } = useTranslation()
  return (
    <fieldset className="region-checks" aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="check-grid">
        {REGENCIES.map((r) => (
          <label key={r.code} className="check">
            <input
              type="checkbox"
              checked={value.includes(r.code)}
              onChange={() => onChange(value.includes(r.code) ? value.filter((c) => c !== r.code) : [...value, r.code])}
            />
            {r.kind === 'kota' ? t('region.city', { name: r.name }) : r.name}
          </label>
        ))}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  )
}

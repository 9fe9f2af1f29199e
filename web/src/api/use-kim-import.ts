import type { KimImportAnswer, KimImportKind } from '@jangkau/shared'
import { apiUrl, uploadWithProgress } from './client.ts'
import { useWriteMutation } from './keys.ts'

/** POST /api/kim/import?kind= with the CSV file, reporting upload progress (0..1). */
export function useKimImportMutation(onProgress: (fraction: number) => void) {
  return useWriteMutation<KimImportAnswer, { kind: KimImportKind; file: File }>('kim', ({ kind, file }) =>
    uploadWithProgress<KimImportAnswer>('/api/kim/import', { kind }, file, { contentType: 'text/csv', onProgress }),
  )
}

/** The empty CSV with the right header line, to fill in Excel. */
export function kimImportTemplateUrl(kind: KimImportKind, delimiter: 'semicolon' | 'comma' = 'semicolon'): string {
  return apiUrl('/api/kim/import/template', { kind, delimiter })
}

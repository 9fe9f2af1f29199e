import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { KimImportAnswer, KimImportKind } from '@jangkau/shared'
import { apiUrl, type ApiError, uploadWithProgress } from './client.ts'
import { kimKey } from './use-kim-groups-query.ts'

/** POST /api/kim/import?kind= with the CSV file, reporting upload progress (0..1). */
export function useKimImportMutation(onProgress: (fraction: number) => void) {
  const client = useQueryClient()
  return useMutation<KimImportAnswer, ApiError, { kind: KimImportKind; file: File }>({
    mutationFn: ({ kind, file }) => uploadWithProgress<KimImportAnswer>('/api/kim/import', { kind }, file, { contentType: 'text/csv', onProgress }),
    onSuccess: () => client.invalidateQueries({ queryKey: kimKey }),
  })
}

/** The empty CSV with the right header line, to fill in Excel. */
export function kimImportTemplateUrl(kind: KimImportKind, delimiter: 'semicolon' | 'comma' = 'semicolon'): string {
  return apiUrl('/api/kim/import/template', { kind, delimiter })
}

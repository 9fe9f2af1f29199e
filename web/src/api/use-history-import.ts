import type { ArticleUpsertAnswer, DailyViewsImportAnswer } from '@jangkau/shared'
import { uploadWithProgress } from './client.ts'
import { useWriteMutation } from './keys.ts'

/** What the portal counted before Jangkau: which of the two imports, and its answer. */
export type HistoryImport = { kind: 'base'; answer: ArticleUpsertAnswer } | { kind: 'daily'; answer: DailyViewsImportAnswer }

/**
 * Uploads the portal's history as CSV: base counts per article (PUT /api/articles with url;baseViews)
 * or daily counts (POST /api/import/daily-views with url;date;views). Every number may change, so
 * every cached answer is dropped afterwards ('history' in keys.ts).
 */
export function useHistoryImportMutation(onProgress: (fraction: number) => void) {
  return useWriteMutation<HistoryImport, { kind: 'base' | 'daily'; file: File }>('history', async ({ kind, file }) =>
    kind === 'base'
      ? {
          kind,
          answer: await uploadWithProgress<ArticleUpsertAnswer>('/api/articles', {}, file, {
            contentType: 'text/csv',
            method: 'PUT',
            onProgress,
          }),
        }
      : {
          kind,
          answer: await uploadWithProgress<DailyViewsImportAnswer>('/api/import/daily-views', {}, file, {
            contentType: 'text/csv',
            onProgress,
          }),
        },
  )
}

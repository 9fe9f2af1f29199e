import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, ExportQueryParams, type ExportQueryParams as ExportParams, type Metric } from '@jangkau/shared'
import { Type } from 'typebox'
import type { FastifyReply } from 'fastify'
import { sendTable } from '../csv/write-csv.ts'
import { parseStatsRequest } from '../stats/parse.ts'
import { kimActivityExport, kimActivityPages, pageViewExport } from '../stats/raw-export.ts'

const csvAnswer = {
  200: {
    content: {
      'text/csv': { schema: Type.String({ description: 'UTF-8 with BOM, semicolons, decimal comma' }) },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: Type.String({ description: 'format=xlsx: one sheet, numbers as numbers, dates as dates' }),
      },
    },
  },
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
}

/**
 * /api/export/*: raw rows as CSV, streamed (keyset pages of 10,000), under the same range and filters
 * as the stats; `format=xlsx` sends the same rows as an .xlsx workbook. Column names in Indonesian,
 * English with lang=en.
 */
const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The filters are checked against the metric family of the rows exported (page views or activities).
  const parse = (params: ExportParams, metric: Metric) =>
    parseStatsRequest({ ...params, metrics: [metric] }, 'export', {
      timeZone: app.config.timeZone,
      now: app.clock(),
      regionExists: (code) => app.ingest.catalog.regionExists(code),
    })

  app.get(
    '/api/export/page-views.csv',
    {
      config: { access: 'read' },
      schema: {
        tags: ['export'],
        summary: 'Every page view of the range with its article, as CSV',
        querystring: ExportQueryParams,
        response: csvAnswer,
      },
    },
    async (request, reply) => {
      const q = await parse(request.query, 'views')
      const { fileName, columns, pages } = pageViewExport(app.readDb, q)
      return sendTable(reply as FastifyReply, request.query.format, fileName, columns, pages)
    },
  )

  app.get(
    '/api/export/kim-activities.csv',
    {
      config: { access: 'read' },
      schema: {
        tags: ['export'],
        summary: 'Every KIM activity of the range with its group, as CSV',
        querystring: ExportQueryParams,
        response: csvAnswer,
      },
    },
    async (request, reply) => {
      const q = await parse(request.query, 'activities')
      const { fileName, columns } = kimActivityExport(q)
      return sendTable(reply as FastifyReply, request.query.format, fileName, columns, kimActivityPages(app.readDb, q))
    },
  )
}

export default exportRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BreakdownAnswer,
  CompareAnswer,
  ErrorBody,
  FirstDayAnswer,
  FirstDayParams,
  RealtimeAnswer,
  RealtimeParams,
  StatsQueryParams,
  SummaryAnswer,
  TimeseriesAnswer,
  dayIn,
  type StatsEndpoint,
  type StatsQuery,
} from '@jangkau/shared'
import type { FastifyReply } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { sendTable } from '../csv/write-csv.ts'
import { breakdownCsv, compareCsv, summaryCsv, timeseriesCsv, type CsvTable } from '../stats/csv-answers.ts'
import { firstDayWithData } from '../stats/first-day.ts'
import { parseStatsRequest } from '../stats/parse.ts'
import { getRealtimeStats } from '../stats/realtime.ts'
import { runStatsQuery, type StatsData } from '../stats/run.ts'
import { shapeBreakdown, shapeCompare, shapeSummary, shapeTimeseries } from '../stats/shape.ts'

/** JSON by default; `format=csv` or `xlsx` sends the same answer as a file (see csv/write-csv.ts). */
const answers = (schema: TSchema) => ({
  200: {
    content: {
      'application/json': { schema },
      'text/csv': { schema: Type.String({ description: 'format=csv: UTF-8 with BOM, semicolons, decimal comma' }) },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: Type.String({ description: 'format=xlsx: one sheet, numbers as numbers, dates as dates' }),
      },
    },
  },
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
})

const DESCRIPTION =
  'One query shape for every number: metrics, by, split, from/to (calendar days in tz, inclusive), compare, ' +
  'filters (site, region, category, author, article, kim_group, activity_type). Visitors are daily unique ' +
  'visitors per article, summed (see visitorsDefinition in every answer).'

const sendFile = <T>(reply: FastifyReply, format: 'csv' | 'xlsx', table: CsvTable<T>) =>
  sendTable(reply, format, table.fileName, table.columns, [table.rows])

/** One of the four answers to the same query, GET /api/stats/<endpoint>: its documentation, schema and shape. */
interface StatsFamily {
  endpoint: 'summary' | 'breakdown' | 'timeseries' | 'compare'
  summary: string
  description: string
  answer: TSchema
  /** The query's data as this answer: JSON, or with format=csv or xlsx sent as a file. */
  respond: (q: StatsQuery, data: StatsData, reply: FastifyReply, format: 'json' | 'csv' | 'xlsx') => unknown
}

/** A family from its shaper and its CSV writer, which must agree on the answer's type. */
const statsFamily = <T, Row>({
  shape,
  csv,
  ...doc
}: Omit<StatsFamily, 'respond'> & { shape: (data: StatsData) => T; csv: (q: StatsQuery, answer: T) => CsvTable<Row> }): StatsFamily => ({
  ...doc,
  respond: (q, data, reply, format) => {
    const answer = shape(data)
    return format === 'json' ? answer : sendFile(reply, format, csv(q, answer))
  },
})

const FAMILIES = [
  statsFamily({
    endpoint: 'summary',
    summary: 'Totals of the range (and the comparison period)',
    description: DESCRIPTION,
    answer: SummaryAnswer,
    shape: shapeSummary,
    csv: summaryCsv,
  }),
  statsFamily({
    endpoint: 'breakdown',
    summary: 'One row per value of `by`, sorted by the first metric (largest first), at most `limit` rows',
    description: DESCRIPTION,
    answer: BreakdownAnswer,
    shape: shapeBreakdown,
    csv: breakdownCsv,
  }),
  statsFamily({
    endpoint: 'timeseries',
    summary: 'Every day, week (Monday) or month of the range, zeros filled; one series per `split` value',
    description:
      `${DESCRIPTION} Two or more values of the region, category, kim_group or site filter ` +
      `split the series by that dimension unless \`split\` says otherwise.`,
    answer: TimeseriesAnswer,
    shape: shapeTimeseries,
    csv: timeseriesCsv,
  }),
  statsFamily({
    endpoint: 'compare',
    summary: 'Side-by-side table: a column per `split` value, a row per value of `by` (default day)',
    description:
      `${DESCRIPTION} Answer: {"columns": [{key, label}], ` +
      `"rows": [{key, label, cells: {<column key>: {metrics…, previous?, change?}}}]}.`,
    answer: CompareAnswer,
    shape: shapeCompare,
    csv: compareCsv,
  }),
]

/**
 * /api/stats/*: parse → run (SQL over rollups, stats/sql/) → shape. Every route reads through
 * app.readDb (the replica when one is configured) and needs a signed-in reader.
 */
const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Every page view acknowledged before the request is counted into the rollups before they are read
  // (cheap when nothing waits). This plugin's routes only: it is not wrapped in fastify-plugin.
  app.addHook('preHandler', async () => app.rollups.catchUp())
  const parse = (params: StatsQueryParams, endpoint: StatsEndpoint) =>
    parseStatsRequest(params, endpoint, {
      timeZone: app.config.timeZone,
      now: app.clock(),
      regionExists: (code) => app.ingest.catalog.regionExists(code),
    })
  const run = (q: StatsQuery, breakdown = false) => runStatsQuery(app.readDb, q, { rollupTimeZone: app.config.timeZone, breakdown })

  // The four answers to the one query shape, from the table above; realtime below has a query of its own.
  for (const family of FAMILIES) {
    app.get(
      `/api/stats/${family.endpoint}`,
      {
        config: { access: 'read' },
        schema: {
          tags: ['stats'],
          summary: family.summary,
          description: family.description,
          querystring: StatsQueryParams,
          response: answers(family.answer),
        },
      },
      async (request, reply) => {
        const q = await parse(request.query, family.endpoint)
        return family.respond(q, await run(q, family.endpoint === 'breakdown'), reply, request.query.format ?? 'json')
      },
    )
  }

  app.get(
    '/api/stats/first-day',
    {
      config: { access: 'read' },
      schema: {
        tags: ['stats'],
        summary: 'Where "all time" begins: the first day with views (or, for one article, its publication day)',
        querystring: FirstDayParams,
        response: { 200: FirstDayAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const timeZone = app.config.timeZone
      const today = dayIn(app.clock(), timeZone)
      const first = await firstDayWithData(app.readDb, timeZone, request.query.article)
      // An article dated in the future (a scheduled post) starts its life today at the earliest.
      return { firstDay: first !== null && first > today ? today : first, today, timeZone }
    },
  )

  app.get(
    '/api/stats/realtime',
    {
      config: { access: 'read' },
      schema: {
        tags: ['stats'],
        summary: 'Views in the last 30 minutes, the top articles, views per minute (30 min) and per hour (48 h)',
        querystring: RealtimeParams,
        response: { 200: RealtimeAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { limit, ...filters } = request.query
      const q = await parse(filters, 'summary')
      return getRealtimeStats(app.readDb, q.filters, app.clock(), limit ?? 10)
    },
  )
}

export default statsRoutes

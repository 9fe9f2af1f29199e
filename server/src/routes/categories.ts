import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdoptCategoryBody,
  Category,
  CategoryList,
  CreateCategoryBody,
  ErrorBody,
  IdParams,
  ListQuery,
  MapCategoryAnswer,
  MapCategoryBody,
  UnmappedCategoryList,
  UpdateCategoryBody,
} from '@jangkau/shared'
import { Type } from 'typebox'
import { AppError, badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import {
  adoptCategory,
  deleteCategory,
  getCategory,
  insertCategory,
  listCategories,
  listUnmappedCategories,
  lockCategory,
  mapCategory,
  updateCategory,
} from '../queries/categories.ts'
import { auditedWrite, created, deleted, updated, type Conflicts } from './audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const slugTaken: Conflicts = { unique: { code: 'slug_taken', message: t('Slug kategori sudah dipakai.', 'The category slug is taken.') } }
const categoryNotFound = (id: number) => new AppError(404, 'not_found', t(`Kategori ${id} tidak ditemukan.`, `Category ${id} not found.`))
const alreadyMapped = (id: number) =>
  new AppError(409, 'already_mapped', t(`Kategori ${id} sudah dipetakan.`, `Category ${id} is already mapped.`))

/**
 * Article categories ("pemerintahan" / "Pemerintahan"). Ingest matches a portal's category text by
 * the key of a slug, name or alias through its catalogue cache, so every change invalidates it; a
 * text no category has becomes an unmapped category (`mapped` false), which an admin adopts or maps
 * onto a category. A category that articles use cannot be deleted (409 `category_in_use`).
 */
const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/categories',
    { config: { access: 'read' }, schema: { tags: ['catalogue'], querystring: ListQuery, response: { 200: CategoryList, ...errors } } },
    async (request) => listCategories(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.get(
    '/api/categories/unmapped',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalogue'],
        summary: 'Categories created from portal texts that wait for an admin, with their articles and counted views',
        querystring: ListQuery,
        response: { 200: UnmappedCategoryList, ...errors },
      },
    },
    async (request) => listUnmappedCategories(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/categories/:id/adopt',
    {
      config: { access: 'admin', conflicts: slugTaken },
      schema: {
        tags: ['catalogue'],
        summary: 'Keep an unmapped category as a category of its own (optionally renamed)',
        description: '404 `not_found`; 409 `already_mapped` for a category that is not waiting; 409 `slug_taken`.',
        params: IdParams,
        body: AdoptCategoryBody,
        response: { 200: Category, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params
      const category = await auditedWrite(app.db, request.actor, 'category', async (trx) => {
        const before = await lockCategory(trx, id)
        if (!before) throw categoryNotFound(id)
        if (before.mapped || before.mergedInto !== null) throw alreadyMapped(id)
        const after = await adoptCategory(trx, id, request.body)
        if (!after) throw alreadyMapped(id)
        const { mergedInto: _, ...plain } = before
        return updated(id, plain, after)
      })
      app.ingest.catalog.invalidate()
      return category
    },
  )

  app.post(
    '/api/categories/:id/map',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalogue'],
        summary: 'Map an unmapped category (and its spelling variants) onto an existing category',
        description:
          'Its articles, their counts and its texts move to the target; later views with those texts are counted there. ' +
          '404 `not_found`; 409 `already_mapped`; 400 `same_category`, `unknown_target`, `target_unmapped`.',
        params: IdParams,
        body: MapCategoryBody,
        response: { 200: MapCategoryAnswer, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params
      const { targetId } = request.body
      const answer = await auditedWrite(app.db, request.actor, 'category', async (trx) => {
        const source = await lockCategory(trx, id)
        if (!source) throw categoryNotFound(id)
        if (source.mapped || source.mergedInto !== null) throw alreadyMapped(id)
        if (targetId === id)
          throw badRequest(
            'same_category',
            t('Kategori tidak dapat dipetakan ke dirinya sendiri.', 'A category cannot be mapped onto itself.'),
          )
        const target = await lockCategory(trx, targetId)
        if (!target || target.mergedInto !== null) {
          throw badRequest('unknown_target', t(`Kategori tujuan ${targetId} tidak ada.`, `Target category ${targetId} does not exist.`))
        }
        if (!target.mapped) {
          throw badRequest(
            'target_unmapped',
            t(
              `Kategori tujuan "${target.name}" belum dipetakan; jadikan kategori dulu.`,
              `Target category "${target.name}" is not mapped yet; adopt it first.`,
            ),
          )
        }
        const moved = await mapCategory(trx, id, targetId)
        const { mergedInto: _s, ...before } = source
        const { mergedInto: _t, ...mappedTo } = target
        return { answer: { target: mappedTo, ...moved }, entry: { action: 'update', entityId: id, before, after: { mappedTo, ...moved } } }
      })
      app.ingest.catalog.invalidate()
      return answer
    },
  )

  app.post(
    '/api/categories',
    {
      config: { access: 'admin', conflicts: slugTaken },
      schema: { tags: ['catalogue'], body: CreateCategoryBody, response: { 201: Category, ...errors } },
    },
    async (request, reply) => {
      const category = await auditedWrite(app.db, request.actor, 'category', async (trx) =>
        created(await insertCategory(trx, request.body)),
      )
      app.ingest.catalog.invalidate()
      return reply.code(201).send(category)
    },
  )

  app.patch(
    '/api/categories/:id',
    {
      config: { access: 'admin', conflicts: slugTaken },
      schema: { tags: ['catalogue'], params: IdParams, body: UpdateCategoryBody, response: { 200: Category, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      const category = await auditedWrite(app.db, request.actor, 'category', async (trx) => {
        const before = await getCategory(trx, id)
        const after = before && (await updateCategory(trx, id, request.body))
        if (!before || !after) throw categoryNotFound(id)
        return updated(id, before, after)
      })
      app.ingest.catalog.invalidate()
      return category
    },
  )

  app.delete(
    '/api/categories/:id',
    {
      config: {
        access: 'admin',
        conflicts: {
          foreignKey: {
            code: 'category_in_use',
            message: t('Kategori ini dipakai artikel dan tidak dapat dihapus.', 'Articles use this category; it cannot be deleted.'),
          },
        },
      },
      schema: { tags: ['catalogue'], params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { id } = request.params
      await auditedWrite(app.db, request.actor, 'category', async (trx) => {
        const before = await getCategory(trx, id)
        if (!before) throw categoryNotFound(id)
        await deleteCategory(trx, id)
        return deleted(id, before)
      })
      app.ingest.catalog.invalidate()
      return reply.code(204).send(null)
    },
  )
}

export default categoryRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Category, CategoryList, CreateCategoryBody, ErrorBody, IdParams, ListQuery, UpdateCategoryBody } from '@jangkau/shared'
import { Type } from 'typebox'
import { isForeignKeyViolation, isUniqueViolation } from '../db/pg-errors.ts'
import { AppError } from '../errors.ts'
import { deleteCategory } from '../queries/delete-category.ts'
import { getCategory } from '../queries/get-category.ts'
import { insertAuditEntry } from '../queries/insert-audit-entry.ts'
import { insertCategory } from '../queries/insert-category.ts'
import { listCategories } from '../queries/list-categories.ts'
import { updateCategory } from '../queries/update-category.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const slugTaken = () => new AppError(409, 'slug_taken', 'Slug kategori sudah dipakai. / The category slug is taken.')
const categoryNotFound = (id: number) => new AppError(404, 'not_found', `Kategori ${id} tidak ditemukan. / Category ${id} not found.`)

/**
 * Article categories ("pemerintahan" / "Pemerintahan"). Ingest matches a portal's category by slug
 * or name through its catalogue cache, so every change invalidates it. A category that articles use
 * cannot be deleted (409 `category_in_use`).
 */
const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/categories',
    { config: { access: 'read' }, schema: { tags: ['catalogue'], querystring: ListQuery, response: { 200: CategoryList, ...errors } } },
    async (request) => listCategories(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/categories',
    { config: { access: 'admin' }, schema: { tags: ['catalogue'], body: CreateCategoryBody, response: { 201: Category, ...errors } } },
    async (request, reply) => {
      try {
        const category = await app.db.transaction().execute(async (trx) => {
          const created = await insertCategory(trx, request.body)
          await insertAuditEntry(trx, { actor: request.actor, action: 'create', entity: 'category', entityId: String(created.id), before: null, after: created })
          return created
        })
        app.ingest.catalog.invalidate()
        return reply.code(201).send(category)
      } catch (error) {
        throw isUniqueViolation(error) ? slugTaken() : error
      }
    },
  )

  app.patch(
    '/api/categories/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['catalogue'], params: IdParams, body: UpdateCategoryBody, response: { 200: Category, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      try {
        const category = await app.db.transaction().execute(async (trx) => {
          const before = await getCategory(trx, id)
          const after = before && (await updateCategory(trx, id, request.body))
          if (!before || !after) throw categoryNotFound(id)
          await insertAuditEntry(trx, { actor: request.actor, action: 'update', entity: 'category', entityId: String(id), before, after })
          return after
        })
        app.ingest.catalog.invalidate()
        return category
      } catch (error) {
        throw isUniqueViolation(error) ? slugTaken() : error
      }
    },
  )

  app.delete(
    '/api/categories/:id',
    { config: { access: 'admin' }, schema: { tags: ['catalogue'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      try {
        await app.db.transaction().execute(async (trx) => {
          const before = await getCategory(trx, id)
          if (!before) throw categoryNotFound(id)
          await deleteCategory(trx, id)
          await insertAuditEntry(trx, { actor: request.actor, action: 'delete', entity: 'category', entityId: String(id), before, after: null })
        })
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw new AppError(409, 'category_in_use', 'Kategori ini dipakai artikel dan tidak dapat dihapus. / Articles use this category; it cannot be deleted.')
        }
        throw error
      }
      app.ingest.catalog.invalidate()
      return reply.code(204).send(null)
    },
  )
}

export default categoryRoutes

import type { Dimension } from '@jangkau/shared'
import type { Compilable } from 'kysely'
import type { Db } from '../../db/kysely.ts'
import { idText } from './expressions.ts'

/** A key's name (null when the row has none, e.g. an article without title or url). */
export interface LabelRow {
  key: string
  label: string | null
}

export type LabelQuery = Compilable<LabelRow> & { execute(): Promise<LabelRow[]> }

/** Names for the keys of a dimension that has them in a table; other dimensions are labelled in code (../labels.ts). */
export function buildLabelQuery(db: Db, dimension: Dimension, keys: string[]): LabelQuery | null {
  const ids = keys.filter((k) => /^\d+$/.test(k)).map(Number)
  switch (dimension) {
    case 'site':
      return db
        .selectFrom('sites')
        .select((eb) => [idText(eb.ref('id')).as('key'), 'name as label'])
        .where('id', 'in', ids.length ? ids : [0])
    case 'region':
      return db
        .selectFrom('regions')
        .select(['code as key', 'name as label'])
        .where('code', 'in', keys.length ? keys : [''])
    case 'category':
      return db
        .selectFrom('categories')
        .select(['slug as key', 'name as label'])
        .where('slug', 'in', keys.length ? keys : [''])
    case 'article':
      return db
        .selectFrom('articles')
        .select((eb) => [idText(eb.ref('id')).as('key'), eb.fn.coalesce('title', 'url').as('label'), 'url'])
        .where('id', 'in', ids.length ? ids : [0])
    case 'kim_group':
      return db
        .selectFrom('kim_groups')
        .select((eb) => [idText(eb.ref('id')).as('key'), 'name as label'])
        .where('id', 'in', ids.length ? ids : [0])
    default:
      return null
  }
}

import { categoryKey, cleanCategoryText } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * The category a portal's category text resolves to when no cached key matched it: the category its
 * key (categoryKey) is an alias or the slug of, or else a new one created as unmapped, with the text
 * as its name, the key as its slug and as its alias. Race-safe: concurrent calls (other requests,
 * other processes) for one key create one category (the slug and the alias are unique).
 *
 * Null when the text has no key (no Latin letter or digit), or when `maxUnmapped` categories already
 * wait for an admin: a reader can send any text, so what anonymous views create is bounded.
 */
export async function ensureUnmappedCategory(db: Db, text: string, maxUnmapped: number): Promise<number | null> {
  const key = categoryKey(text)
  if (!key) return null
  const name = cleanCategoryText(text)
  const created = await sql<{ id: number }>`
    with new_category as (
      insert into categories (slug, name, mapped)
      select ${key}, ${name}, false
      where not exists (select 1 from category_aliases where key = ${key})
        and (select count(*) from categories where not mapped and merged_into is null) < ${maxUnmapped}
      on conflict (slug) do nothing
      returning id
    ),
    alias as (
      insert into category_aliases (key, category_id)
      select ${key}, id from new_category
      on conflict (key) do nothing
    )
    select id from new_category
  `.execute(db)
  if (created.rows[0]) return created.rows[0].id
  // Not created here: another call's (committed meanwhile, so seen by this new statement), an alias
  // of a mapped category, or an admin's category whose slug is the key.
  const found = await sql<{ id: number | null }>`
    select coalesce(
      (select category_id from category_aliases where key = ${key}),
      (select coalesce(merged_into, id) from categories where slug = ${key})
    ) as id
  `.execute(db)
  return found.rows[0]?.id ?? null
}

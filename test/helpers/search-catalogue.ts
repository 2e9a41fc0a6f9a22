// The catalogue both search plan tests (recipes-search-plans*.test.ts) compare strategies on:
// two owners and ROWS recipes one minute apart, whose words make dense, sparse, clustered and
// non-ASCII searches, with tags "quick" on every 4th recipe and, when asked, "veg" on every 6th.
import type { NewRecipeRow } from '../../src/db/tables.js';
import type { Db } from '../../src/lib/db.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';

export async function seedSearchCatalogue(db: Db, rows: number, opts: { veg?: boolean } = {}) {
  const owners = await db
    .insertInto('users')
    .values([
      { username: 'a', username_key: 'a', password_hash: 'x', created_at: 'now' },
      { username: 'b', username_key: 'b', password_hash: 'x', created_at: 'now' },
    ])
    .returning('id')
    .execute();
  // Dense: "rice" in every 2nd row. Sparse: "saffron" in every 150th. Clustered: "cardamom" only
  // in the 600 oldest rows. Non-ASCII: "Äpfel" in every 3rd row, written in varying case.
  const row = (i: number, at: string): NewRecipeRow => {
    const words = [
      i % 2 === 0 ? 'Rice' : 'barley',
      i % 150 === 7 ? 'saffron' : 'salt',
      i < 600 ? 'cardamom' : 'pepper',
      i % 3 === 0 ? (i % 2 ? 'ÄPFEL' : 'äpfel') : 'pears',
    ];
    return {
      title: `${i % 5 === 0 ? 'Lemon' : 'Plain'} dish ${String(i).padStart(4, '0')}`,
      ingredients: words.join(', '),
      time_minutes: (i * 37) % 180,
      owner_id: owners[i % 7 === 0 ? 0 : 1]!.id,
      created_at: at,
      updated_at: at,
    };
  };
  const all = Array.from({ length: rows }, (_, i) => row(i, new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()));
  for (let i = 0; i < all.length; i += 500) await recipesRepository.insertMany(db, all.slice(i, i + 500));
  const ids = (await db.selectFrom('recipes').select('id').orderBy('id').execute()).map((r) => r.id);
  const tagged = ids.flatMap((id, i) =>
    [...(i % 4 === 0 ? ['quick'] : []), ...(opts.veg && i % 6 === 0 ? ['veg'] : [])].map((tag) => ({ tag, recipe_id: id })),
  );
  for (let i = 0; i < tagged.length; i += 500)
    await db
      .insertInto('recipe_tags')
      .values(tagged.slice(i, i + 500))
      .execute();
  return { owners, row, ids };
}

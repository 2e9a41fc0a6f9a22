import { api } from './api/client';
import { unwrap } from './api/problem';

export interface TagCount { name: string; count: number }

/** GET /tags: the most used tags with the number of recipes carrying each. */
export async function loadTags(): Promise<TagCount[]> {
  const { data } = await unwrap(api.GET('/tags', { params: { query: { limit: 30, offset: 0 } } }));
  return data.map((t) => ({ name: t.tag, count: t.recipes }));
}

export { parseTags } from './validate';

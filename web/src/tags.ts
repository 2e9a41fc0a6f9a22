import { api } from './api/client';
import { unwrap } from './api/problem';

export interface TagCount {
  name: string;
  count: number;
}

/** GET /tags: the most used tags with the number of recipes carrying each. */
export async function loadTags(): Promise<TagCount[]> {
  const { data } = await unwrap(api.GET('/tags', { params: { query: { limit: 30, offset: 0 } } }));
  return data.map((t) => ({ name: t.tag, count: t.recipes }));
}

let everyTag: Promise<TagCount[]> | null = null;
/** Every tag (GET /tags, page by page, at most 5,000), fetched once when a cook types to find one. */
export function loadAllTags(): Promise<TagCount[]> {
  everyTag ??= (async () => {
    const all: TagCount[] = [];
    for (let offset = 0; offset < 5000; offset += 1000) {
      const { data, response } = await unwrap(api.GET('/tags', { params: { query: { limit: 1000, offset } } }));
      all.push(...data.map((t) => ({ name: t.tag, count: t.recipes })));
      if (data.length < 1000 || all.length >= Number(response.headers.get('x-total-count') ?? 0)) break;
    }
    return all;
  })().catch((err: unknown) => {
    everyTag = null;
    throw err;
  });
  return everyTag;
}

export { parseTags } from './validate';

import { api } from './api/client';
import { unwrap } from './api/problem';

export interface TagCount { name: string; count: number }

/** GET /tags: every tag with the number of recipes carrying it. */
export async function loadTags(): Promise<TagCount[]> {
  const { data } = await unwrap(api.GET('/tags'));
  const list: unknown[] = Array.isArray(data) ? data : ((data as { tags?: unknown[] }).tags ?? []);
  return list.map((t) => {
    const o = t as { name?: string; tag?: string; count?: number; recipes?: number };
    return { name: String(o.name ?? o.tag ?? ''), count: Number(o.count ?? o.recipes ?? 0) };
  }).filter((t) => t.name);
}

/** "Vegan, quick ,, dinner" -> ["vegan", "quick", "dinner"] (the API normalises too). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

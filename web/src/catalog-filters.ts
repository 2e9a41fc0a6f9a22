/** The catalog's filters as they live in its address (?q=&ingredient=&max_time=&tag=&mine=&sort=&page=), and the Link header's pages. */
import type { Key } from './i18n';

export interface Filters {
  q: string;
  ingredient: string;
  max_time: string;
  tags: string[];
  mine: boolean;
  sort: string;
  page: number;
}

export const SORTS: [string, Key][] = [
  ['-created_at', 'catalog.sort.newest'],
  ['created_at', 'catalog.sort.oldest'],
  ['title', 'catalog.sort.titleAz'],
  ['-title', 'catalog.sort.titleZa'],
  ['time_minutes', 'catalog.sort.quickest'],
  ['-time_minutes', 'catalog.sort.longest'],
];

export function filtersFrom(query: URLSearchParams): Filters {
  const page = Number(query.get('page') ?? '1');
  return {
    q: query.get('q') ?? '',
    ingredient: query.get('ingredient') ?? '',
    max_time: query.get('max_time') ?? '',
    tags: query.getAll('tag'),
    mine: query.get('mine') === 'true',
    sort: query.get('sort') ?? '-created_at',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function catalogHref(f: Filters): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.ingredient.trim()) p.set('ingredient', f.ingredient.trim());
  if (f.max_time.trim()) p.set('max_time', f.max_time.trim());
  for (const t of f.tags) p.append('tag', t);
  if (f.mine) p.set('mine', 'true');
  if (f.sort !== '-created_at') p.set('sort', f.sort);
  if (f.page > 1) p.set('page', String(f.page));
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

/** rel -> URL from an RFC 8288 Link header. */
export function parseLink(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?([\w ]+)"?/.exec(part);
    if (m) for (const rel of m[2]!.split(' ')) out[rel] = m[1]!;
  }
  return out;
}

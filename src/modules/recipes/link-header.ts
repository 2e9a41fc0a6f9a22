/** The Link header of a listing (GET /recipes): first, prev, next and last pages. */
import type { FastifyRequest } from 'fastify';
import type { RecipeListQuery as ListQuery } from './recipes.schemas.js';

/**
 * RFC 8288 Link header with first/prev/next/last pages, as relative references keeping every
 * other parameter (in their order, as sent) and setting limit and offset.
 */
export function linkHeader(request: FastifyRequest, query: ListQuery, total: number): string {
  const url = request.url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  // The parameters as sent (already percent-encoded), limit and offset set where they were (else
  // appended); null marks where each link's offset goes.
  const parts: (string | null)[] = [];
  let limit = false,
    offset = false;
  for (const p of q < 0 ? [] : url.slice(q + 1).split('&')) {
    if (p === '') continue;
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    if (key === 'limit') {
      if (!limit) parts.push(`limit=${query.limit}`);
      limit = true;
      continue;
    }
    if (key === 'offset') {
      if (!offset) parts.push(null);
      offset = true;
      continue;
    }
    // Characters a URI reference cannot hold raw (and '<', '>', ',', ';' that would end it) are percent-encoded.
    parts.push(p.replace(/[^\w.~%+=!$'()*:@/?-]/g, (c) => encodeURIComponent(c)));
  }
  if (!limit) parts.push(`limit=${query.limit}`);
  if (!offset) parts.push(null);
  const at = (n: number) => `<${path}?${parts.map((p) => p ?? `offset=${n}`).join('&')}>`;
  const links = [`${at(0)}; rel="first"`];
  if (query.offset > 0) links.push(`${at(Math.max(0, Math.min(query.offset - query.limit, total - query.limit)))}; rel="prev"`);
  if (query.offset + query.limit < total) links.push(`${at(query.offset + query.limit)}; rel="next"`);
  links.push(`${at(Math.max(0, Math.floor((total - 1) / query.limit) * query.limit))}; rel="last"`);
  return links.join(', ');
}

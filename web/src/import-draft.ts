/** The import preview's pure parts: the page slimmed before sending, the preview as editable text and back, and the cook's recipe from the same address. */
import { api } from './api/client';
import { unwrap } from './api/problem';
import { headingOf } from './recipe-lines';
import { steps } from './steps';
import { stripStyles } from './strip-styles';
import type { ScrapedRecipe } from './types';

type Preview = ScrapedRecipe;

/** The page without what extraction never reads (scripts other than JSON-LD, styles, SVG, frames): often a tenth of the size. */
export function slimHtml(html: string): string {
  // Style blocks and attributes go before parsing (see stripStyles).
  const doc = new DOMParser().parseFromString(stripStyles(html), 'text/html');
  doc
    .querySelectorAll(
      'script:not([type="application/ld+json"]), style, svg, noscript, iframe, template, link, canvas, video, audio, picture source',
    )
    .forEach((el) => el.remove());
  const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.parentNode?.removeChild(c));
  doc.querySelectorAll('*').forEach((el) => {
    for (const a of [...el.attributes])
      if (a.name.startsWith('on') || (a.name.startsWith('data-') && a.name !== 'data-src')) el.removeAttribute(a.name);
  });
  return `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/** What the preview lets the cook correct before saving. */
export interface ImportDraft {
  title: string;
  servings: string;
  time_minutes: string;
  tags: string;
  ingredients: string;
  instructions: string;
}
export const DRAFT_FIELDS: (keyof ImportDraft)[] = ['title', 'servings', 'time_minutes', 'tags', 'ingredients', 'instructions'];

/** The preview as editable text: a group heading as a line ending with ":", steps one per line without their numbers. */
export function draftOf(p: Preview): ImportDraft {
  const groups = p.ingredient_groups?.length ? p.ingredient_groups : [{ name: null, ingredients: p.ingredients }];
  return {
    title: p.title,
    servings: p.servings ? String(Math.max(1, Math.round(p.servings))) : '',
    time_minutes: p.time_minutes ? String(p.time_minutes) : '',
    tags: (p.tags ?? []).join(', '),
    ingredients: groups.flatMap((g) => [...(g.name ? [`${g.name}:`] : []), ...g.ingredients]).join('\n'),
    instructions: steps(p.instructions).join('\n'),
  };
}

/** The lines back into groups: a line ending with ":" (up to 80 characters) heads the lines after it. */
export function groupsOf(text: string): { name: string | null; ingredients: string[] }[] {
  const groups: { name: string | null; ingredients: string[] }[] = [];
  let name: string | null = null;
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const heading = headingOf(line);
    if (heading !== null) {
      name = heading;
      continue;
    }
    const last = groups[groups.length - 1];
    if (last && last.name === name) last.ingredients.push(line);
    else groups.push({ name, ingredients: [line] });
  }
  return groups;
}

/** An address as compared with a stored source_url: without its fragment and a trailing slash. */
const sameAddress = (a: string, b: string) => {
  const norm = (u: string) => {
    try {
      const x = new URL(u.trim());
      x.hash = '';
      return x.href.replace(/\/$/, '');
    } catch {
      return u.trim();
    }
  };
  return norm(a) === norm(b);
};

/** The cook's own recipe from this address, if there is one (the API cannot filter by source_url: the cook's recipes, page by page). */
export async function findMine(address: string): Promise<{ id: number; title: string } | null> {
  for (let offset = 0; offset < 2000; offset += 100) {
    const { data, response } = await unwrap(
      api.GET('/recipes', { params: { query: { mine: true, fields: 'summary', limit: 100, offset } } }),
    );
    const hit = (data as { id: number; title: string; source_url: string | null }[]).find(
      (r) => r.source_url && sameAddress(r.source_url, address),
    );
    if (hit) return { id: hit.id, title: hit.title };
    if (data.length < 100 || offset + 100 >= Number(response.headers.get('x-total-count') ?? 0)) return null;
  }
  return null;
}

/** Page-level facts outside any recipe markup: the base URL, meta tags, the main image. */
import type * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

type CheerioAPI = cheerio.CheerioAPI;

// ------------------------------------------------------------------ one walk per page

interface PageIndex {
  /** Every element, in document order. */
  all: Element[];
  byTag: Map<string, Element[]>;
  /** Every class name on the page. */
  classes: Set<string>;
  /** The first non-empty content of each meta property or name. */
  meta: Map<string, string>;
}

const indexes = new WeakMap<AnyNode, PageIndex>();

/**
 * The page's elements by tag, its class names and meta values, built in one walk and kept for
 * the page: a cheerio selector from the root walks the whole page each time, and the strategies
 * ask for the title, the h1s, the meta tags and the scripts many times over.
 */
export function pageIndex($: CheerioAPI): PageIndex {
  const root = $.root()[0]!;
  const known = indexes.get(root);
  if (known) return known;
  const index: PageIndex = { all: [], byTag: new Map(), classes: new Set(), meta: new Map() };
  const stack: AnyNode[] = [...(root.children ?? [])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
    const el = n as Element;
    const tag = el.name.toLowerCase();
    index.all.push(el);
    const list = index.byTag.get(tag);
    if (list) list.push(el);
    else index.byTag.set(tag, [el]);
    if (el.attribs.class) for (const c of el.attribs.class.split(/\s+/)) if (c) index.classes.add(c);
    if (tag === 'meta') {
      const content = el.attribs.content?.trim();
      for (const key of [el.attribs.property, el.attribs.name]) if (key && content && !index.meta.has(key)) index.meta.set(key, content);
    }
    const children = el.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  indexes.set(root, index);
  return index;
}

/** The text of the page's first `<title>`. */
export function docTitle($: CheerioAPI): string {
  const t = tagged($, 'title')[0];
  return t ? $(t).text() : '';
}

/** The page's elements of one tag, in document order. */
export const tagged = ($: CheerioAPI, tag: string): Element[] => pageIndex($).byTag.get(tag) ?? [];

// ------------------------------------------------------------------ URLs

export function resolveUrl(raw: string | undefined | null, base: string): string | null {
  const s = raw?.trim();
  if (!s || s.startsWith('data:')) return null;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? (s === u.href || /^https?:\/\//i.test(s) ? s : u.href) : null;
  } catch {
    return null;
  }
}

/**
 * The base for relative links. A saved or mirrored page is usually served from somewhere else,
 * so the page's own `<base>`, canonical link or og:url say better where its images live.
 */
export function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  const base = tagged($, 'base').find((el) => el.attribs.href)?.attribs.href;
  const canonical = tagged($, 'link').find((el) => /(?:^|\s)canonical(?:\s|$)/i.test(el.attribs.rel ?? ''))?.attribs.href;
  const ogUrl = tagged($, 'meta').find((el) => el.attribs.property === 'og:url')?.attribs.content;
  for (const candidate of [base, canonical, ogUrl]) {
    if (!candidate) continue;
    try {
      const u = new URL(candidate, pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    } catch {
      /* try the next one */
    }
  }
  return pageUrl;
}

// ------------------------------------------------------------------ page-level fallbacks

export function metaContent($: CheerioAPI, ...keys: string[]): string | undefined {
  const meta = pageIndex($).meta;
  for (const k of keys) {
    const v = meta.get(k);
    if (v) return v;
  }
  return undefined;
}

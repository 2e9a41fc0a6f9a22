/** Text and DOM helpers every strategy uses: visible lines of an element, entity-safe text, excluded areas. */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { dropInvisible } from '../../../lib/text-chars.js';
import type { Line } from './types.js';

type CheerioAPI = cheerio.CheerioAPI;

// ------------------------------------------------------------------ text helpers

/**
 * Parses HTML with htmlparser2 instead of cheerio's default parse5: five times faster on the
 * large pages recipe sites serve (a 700 KB page: ~12 ms against ~70 ms of CPU) and far less
 * garbage. It does not rebuild the tree the way a browser would (no implied <tbody>, misnested
 * tags kept where they are), which the extraction never relied on; and it reads <noscript> as
 * markup, where the picture of a lazy-loading page often is.
 */
export function loadHtml(html: string): CheerioAPI {
  return cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
}

const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** Collapses whitespace and drops invisible characters (soft hyphens, zero-width spaces). */
export function collapse(text: string): string {
  return dropInvisible(text).replace(/\s+/g, ' ').trim();
}

/**
 * Plain text of a string that may hold markup or (possibly double-) escaped entities, as
 * JSON-LD strings often do: "Pomegranate &amp;amp; Pepper" becomes "Pomegranate & Pepper".
 */
export function cleanText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return '';
  let s = value;
  for (let i = 0; i < 3 && (ENTITY.test(s) || /<[a-z/!]/i.test(s)); i++) {
    const next = loadHtml(`<body>${s.replace(/<br\s*\/?>/gi, '\n')}</body>`)('body').text();
    if (next === s) break;
    s = next;
  }
  return collapse(s);
}

export const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'button',
  'select',
  'option',
  'textarea',
  'input',
  'iframe',
  'object',
  'canvas',
  'head',
]);
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
  'br',
]);
/** Cells of one row: separated by a space, not a line break, so "185 g" + "flour" stay one line. */
const CELL_TAGS = new Set(['td', 'th', 'dt']);
/** Ends a line after it but not before it: `<dt>185 g</dt><dd>flour</dd>` is one ingredient. */
const LINE_END_TAGS = new Set(['dd']);
const EMPHASIS_TAGS = new Set(['strong', 'b', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Splits an element's visible text into lines at block boundaries and `<br>`. */
export function linesOf(node: AnyNode): Line[] {
  const lines: Line[] = [];
  let buf = '';
  let plainChars = 0;
  const flush = () => {
    const text = collapse(buf);
    if (text) lines.push({ text, emphasised: plainChars === 0 });
    buf = '';
    plainChars = 0;
  };
  let inRow = 0;
  const walk = (n: AnyNode, emphasised: boolean) => {
    if (n.type === 'text') {
      const data = (n as unknown as { data: string }).data;
      buf += inRow ? ` ${data} ` : data;
      if (!emphasised) plainChars += data.replace(/[\s:\u00a0]/g, '').length;
      return;
    }
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    const tag = el.name?.toLowerCase() ?? '';
    if (SKIP_TAGS.has(tag)) return;
    // A checklist row (a checkbox and the text beside it, however many blocks that text is split
    // into: "1" "csipet" "só") is one line, as shopping-list style ingredient lists are built.
    const row =
      !inRow &&
      BLOCK_TAGS.has(tag) &&
      (el.children ?? []).some(
        (c) => c.type === 'tag' && (c as Element).name === 'input' && /^checkbox$/i.test((c as Element).attribs?.type ?? ''),
      );
    if (row) {
      flush();
      inRow++;
      for (const c of el.children ?? []) walk(c, emphasised);
      inRow--;
      flush();
      return;
    }
    const block = !inRow && BLOCK_TAGS.has(tag);
    if (block) flush();
    if (CELL_TAGS.has(tag) || LINE_END_TAGS.has(tag)) buf += ' ';
    const emph = emphasised || EMPHASIS_TAGS.has(tag);
    for (const c of el.children ?? []) walk(c, emph);
    if (CELL_TAGS.has(tag)) buf += ' ';
    if (block || LINE_END_TAGS.has(tag)) flush();
  };
  walk(node, false);
  flush();
  return lines;
}

/** Visible text of an element with block boundaries turned into spaces. */
export function visibleText(node: AnyNode): string {
  return linesOf(node)
    .map((l) => l.text)
    .join(' ');
}

/** Lines of an HTML fragment: list items, paragraphs and `<br>`-separated text. */
export function htmlLines(fragment: string): string[] {
  const $ = loadHtml(`<body>${fragment}</body>`);
  return linesOf($('body')[0]!)
    .map((l) => cleanText(l.text))
    .filter(Boolean);
}

export const BULLET = /^[\s▢☐□■◻◽•·∙◦‣⁃○●✓✔✗*\-–—]+/u;

const EXCLUDED_TAGS = new Set(['nav', 'footer', 'script', 'style', 'noscript', 'a', 'button', 'select', 'template']);

/** Inside navigation, a footer, a link or a table of contents: words there are not section titles. */
export function inExcludedArea(node: AnyNode): boolean {
  for (let p: AnyNode | null = node; p; p = p.parent) {
    if (p.type !== 'tag') continue;
    const el = p as Element;
    if (EXCLUDED_TAGS.has(el.name.toLowerCase())) return true;
    const attrs = el.attribs ?? {};
    if (attrs.role === 'navigation') return true;
    if (attrs.class && /(?:^|\s)toc(?:\s|$)|table-of-contents/i.test(attrs.class)) return true;
  }
  return false;
}

/**
 * Elements under `nodes` (and `nodes` themselves when `self`) that `match`, in document order:
 * a plain walk, several times faster than a CSS selector through cheerio on large pages.
 */
export function elementsIn(nodes: AnyNode[], match: (el: Element) => boolean, self = true): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode, top: boolean) => {
    if (n.type !== 'tag' && n.type !== 'root' && n.type !== 'script' && n.type !== 'style') return;
    const el = n as Element;
    if (n.type !== 'root' && (!top || self) && match(el)) out.push(el);
    for (const c of el.children ?? []) walk(c, false);
  };
  for (const n of nodes) walk(n, true);
  return out;
}

/** Whether any element below `node` matches. */
export function hasElementIn(node: AnyNode, match: (el: Element) => boolean): boolean {
  const stack: AnyNode[] = [...((node as Element).children ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'tag') continue;
    if (match(n as Element)) return true;
    for (const c of (n as Element).children ?? []) stack.push(c);
  }
  return false;
}

export const isTag =
  (...names: string[]) =>
  (el: Element) =>
    names.includes(el.name.toLowerCase());

/** Every non-empty text node of the page, in document order, outside scripts and styles. */
export function textNodes($: CheerioAPI): Array<{ node: AnyNode; text: string }> {
  const out: Array<{ node: AnyNode; text: string }> = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') {
      const text = collapse((n as unknown as { data: string }).data);
      if (text) out.push({ node: n, text });
      return;
    }
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    if (n.type === 'tag' && SKIP_TAGS.has(el.name.toLowerCase())) return;
    for (const c of el.children ?? []) walk(c);
  };
  walk($.root()[0]!);
  return out;
}

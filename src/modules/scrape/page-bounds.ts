/**
 * Bounds on what a scraped page may make the extractors parse, checked in one streaming pass
 * before the page is parsed into a DOM: the number of elements, how deeply they nest, and the
 * size of each JSON-LD block. A page over a bound is refused at once with a clear code instead
 * of costing seconds of a shared worker (a page of 200,000 nested <div> did), and the pass
 * stops at the first bound crossed, so an over-limit page costs no more than the limit.
 *
 * The pass is htmlparser2's tokenizer (the one cheerio builds on): linear in the page, no tree.
 * Its nesting follows htmlparser2's implied-end-tag rules, close to a browser's for real pages.
 */
import { Parser } from 'htmlparser2';

export interface PageBounds {
  /** Most elements a page may have. */
  maxElements: number;
  /** Deepest element nesting allowed. */
  maxDepth: number;
  /** Longest JSON-LD block (`<script type="application/ld+json">`), in characters. */
  maxJsonLdChars: number;
}

export type PageBoundCode = 'PAGE_TOO_MANY_ELEMENTS' | 'PAGE_TOO_DEEPLY_NESTED' | 'JSON_LD_TOO_LARGE';

/** The page crossed one of the bounds; `code` says which (it crosses the worker boundary). */
export class PageBoundsError extends Error {
  override name = 'PageBoundsError';
  constructor(
    readonly code: PageBoundCode,
    message: string,
  ) {
    super(message);
  }
}

/** Elements that never have children, so they do not deepen the nesting. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

function isJsonLdType(type: string | undefined): boolean {
  return type !== undefined && type.trim().toLowerCase().startsWith('application/ld+json');
}

/** Throws PageBoundsError when `html` crosses a bound; returns what it counted otherwise. */
export function checkPageBounds(html: string, bounds: PageBounds): { elements: number; maxDepth: number; largestJsonLd: number } {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  let inJsonLd = false;
  let jsonLdChars = 0;
  let largestJsonLd = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        elements++;
        if (elements > bounds.maxElements)
          throw new PageBoundsError('PAGE_TOO_MANY_ELEMENTS', `The page has more than ${bounds.maxElements} elements`);
        if (VOID_ELEMENTS.has(name)) return;
        depth++;
        if (depth > deepest) deepest = depth;
        if (depth > bounds.maxDepth)
          throw new PageBoundsError('PAGE_TOO_DEEPLY_NESTED', `The page nests elements more than ${bounds.maxDepth} deep`);
        if (name === 'script' && isJsonLdType(attribs.type)) {
          inJsonLd = true;
          jsonLdChars = 0;
        }
      },
      ontext(text) {
        if (!inJsonLd) return;
        jsonLdChars += text.length;
        if (jsonLdChars > largestJsonLd) largestJsonLd = jsonLdChars;
        if (jsonLdChars > bounds.maxJsonLdChars)
          throw new PageBoundsError('JSON_LD_TOO_LARGE', `A JSON-LD block is longer than ${bounds.maxJsonLdChars} characters`);
      },
      onclosetag(name, isImplied) {
        void isImplied;
        if (VOID_ELEMENTS.has(name)) return;
        if (depth > 0) depth--;
        if (name === 'script') inJsonLd = false;
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  return { elements, maxDepth: deepest, largestJsonLd };
}

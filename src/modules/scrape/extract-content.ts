/** Headings and paragraphs for GET /scrape/content, as the teaching app returned them. */
import * as cheerio from 'cheerio';
import { dropInvisible } from '../../lib/text-chars.js';

export interface PageContent {
  /** h1–h3 texts in document order. */
  headers: string[];
  /** `<p>` texts in document order. */
  paragraphs: string[];
}

const clean = (s: string): string => dropInvisible(s).replace(/\s+/g, ' ').trim();

/** Visible texts only: script, style and template contents never count as page text. */
export function extractContent(html: string): PageContent {
  const $ = cheerio.load(html);
  $('script, style, noscript, template').remove();
  const texts = (selector: string) =>
    $(selector)
      .toArray()
      .map((el) => clean($(el).text()))
      .filter(Boolean);
  return { headers: texts('h1, h2, h3'), paragraphs: texts('p') };
}

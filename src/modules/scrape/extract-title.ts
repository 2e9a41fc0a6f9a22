/** The page title for GET /scrape/title: `<title>`, else og:title, else the first `<h1>`. */
import * as cheerio from 'cheerio';
import { dropInvisible } from '../../lib/text-chars.js';

const clean = (s: string | undefined): string =>
  dropInvisible(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** Returns the trimmed, whitespace-collapsed title, or null when the page names itself nowhere. */
export function extractTitle(html: string): string | null {
  const $ = cheerio.load(html);
  // An inline <svg> may carry its own <title>; only the document's counts.
  const docTitle = $('title')
    .filter((_, el) => $(el).closest('svg').length === 0)
    .first()
    .text();
  const candidates = [docTitle, $('meta[property="og:title"], meta[name="og:title"]').first().attr('content'), $('h1').first().text()];
  for (const c of candidates) {
    const t = clean(c);
    if (t) return t;
  }
  return null;
}

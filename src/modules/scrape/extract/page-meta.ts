/** Page-level facts outside any recipe markup: the base URL, meta tags, the main image. */
import type * as cheerio from 'cheerio';

type CheerioAPI = cheerio.CheerioAPI;

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
  for (const candidate of [$('base[href]').attr('href'), $('link[rel~="canonical"]').attr('href'), $('meta[property="og:url"]').attr('content')]) {
    if (!candidate) continue;
    try {
      const u = new URL(candidate, pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    } catch { /* try the next one */ }
  }
  return pageUrl;
}

// ------------------------------------------------------------------ page-level fallbacks

export function metaContent($: CheerioAPI, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = $(`meta[property="${k}"], meta[name="${k}"]`).first().attr('content')?.trim();
    if (v) return v;
  }
  return undefined;
}

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
  for (const candidate of [
    $('base[href]').attr('href'),
    $('link[rel~="canonical"]').attr('href'),
    $('meta[property="og:url"]').attr('content'),
  ]) {
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
  for (const k of keys) {
    const v = $(`meta[property="${k}"], meta[name="${k}"]`).first().attr('content')?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The page's main image: Open Graph first (what sharing and most readers use), then Twitter, then `image_src`. */
export function pageImage($: CheerioAPI): string | undefined {
  return (
    metaContent($, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ??
    $('link[rel~="image_src"]').attr('href') ??
    undefined
  );
}

export function firstContentImage($: CheerioAPI): string | undefined {
  // The first heading with words in it: an empty h1 is often the site's logo.
  const h1 = $('h1')
    .filter((_, h) => $(h).text().trim().length > 0)
    .first();
  // Images after the main heading (its siblings or inside them, then further down its parent's siblings).
  const after = h1.nextAll().add(h1.parent().nextAll());
  const imgs = (h1.length ? after.filter('img').add(after.find('img')) : $('main img, article img, img')).toArray();
  // A picture whose alt text names the dish ("Gingerbread Pancakes | Site") before any other (icons, logos).
  const title = h1.text().replace(/\s+/g, ' ').trim().toLowerCase();
  if (title.length >= 4) {
    const named = $('img')
      .toArray()
      .filter((img) => ($(img).attr('alt') ?? '').replace(/\s+/g, ' ').toLowerCase().includes(title));
    imgs.unshift(...named);
  }
  for (const img of imgs) {
    const $img = $(img);
    const src = [$img.attr('data-src'), $img.attr('data-lazy-src'), $img.attr('src')].find(
      (s) => s && !s.startsWith('data:') && !/\.(svg|gif)(\?|$)/i.test(s),
    );
    if (src) return src;
  }
  return undefined;
}

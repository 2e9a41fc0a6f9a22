/**
 * The recipe's main picture: which of the page's images it is (og:image, the schema.org image,
 * a recipe card's or the first picture of the article), never a logo, a site-wide sharing
 * default, a tracking pixel or a thumbnail, and always one absolute http(s) URL.
 */
import type * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { metaContent, tagged } from './page-meta.js';

type CheerioAPI = cheerio.CheerioAPI;

/**
 * A URL a template glued onto the site's address ("http://site.example" + "https://cdn/x.jpg"):
 * the last absolute URL in it is the one meant.
 */
export function repairGluedUrl(raw: string): string {
  const at = raw.search(/.https?:\/\//i);
  if (at < 0) return raw;
  const last = raw.slice(at + 1).lastIndexOf('http');
  const tail = raw.slice(at + 1 + last);
  // Only when the second scheme follows the host directly, not inside a query (`?u=https://...`).
  return /^https?:\/\/[^/?#]*https?:\/\//i.test(raw) ? tail : raw;
}

/** Width × height written in an image URL (`-500x375.jpg`, `?w=1200&h=630`, `?resize=440,400`, `?fit=150,150`), or null. */
export function sizeInUrl(url: string): { width: number; height: number } | null {
  const named = /(?:^|[^0-9])(\d{2,5})[xX](\d{2,5})(?:[^0-9]|$)/.exec(url.split('?')[0] ?? url);
  if (named) return { width: Number(named[1]), height: Number(named[2]) };
  const resize = /[?&](?:resize|fit)=(\d{2,5})(?:,|%2C)(\d{2,5})(?:&|$)/i.exec(url);
  if (resize) return { width: Number(resize[1]), height: Number(resize[2]) };
  const w = /[?&](?:w|width)=(\d{2,5})(?:&|$)/i.exec(url)?.[1];
  const h = /[?&](?:h|height)=(\d{2,5})(?:&|$)/i.exec(url)?.[1];
  return w && h ? { width: Number(w), height: Number(h) } : null;
}

/** The last path segment, decoded where possible. */
function fileName(url: string): string {
  const path = url.split(/[?#]/)[0] ?? url;
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The picture an image proxy URL serves (its `url`, `src` or `image` parameter), or null. */
function proxiedPicture(url: string): string | null {
  const raw = /[?&](?:url|src|image)=([^&#]+)/i.exec(url)?.[1];
  if (!raw) return null;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Names sites give to pictures that are not a recipe's: the site's logo, its default sharing card, placeholders. */
// A video's frame (`maxresdefault.jpg`, `hqdefault.jpg`: the names video sites give its stills) is a picture of the dish.
const NOT_A_DISH =
  /logo|placeholder|fallback|(?<!maxres|hq|mq|sd)default|og[-_]?image|spacer|blank|transparent|pixel|gravatar|avatar|badge|sprite/;

/**
 * An image URL that is not the picture of a dish: named as a logo, default or placeholder, or
 * sized as a thumbnail or pixel in its URL (at most 200 pixels both ways).
 */
export function notADishPicture(url: string): boolean {
  if (NOT_A_DISH.test(fileName(url).toLowerCase())) return true;
  // An image proxy or resizer (`/_next/image?url=…`, `/api/image?src=…`) is the picture it serves.
  const proxied = proxiedPicture(url);
  if (proxied && NOT_A_DISH.test(fileName(proxied).toLowerCase())) return true;
  const size = sizeInUrl(url);
  return !!size && size.width <= 200 && size.height <= 200;
}

/**
 * The page's sharing picture: og:image (or its Twitter and `image_src` equivalents), with its
 * https `og:image:secure_url` twin when og:image is the same address over http.
 */
export function sharingImage($: CheerioAPI): string | undefined {
  const og =
    metaContent($, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ??
    tagged($, 'link').find((el) => /(?:^|\s)image_src(?:\s|$)/i.test(el.attribs.rel ?? ''))?.attribs.href;
  const secure = metaContent($, 'og:image:secure_url');
  if (og && secure && /^http:\/\//i.test(og) && secure.toLowerCase() === `https://${og.slice(7)}`.toLowerCase()) return secure;
  return og;
}

export interface ImageCandidate {
  url: string;
  width?: number;
  height?: number;
}

const area = (c: ImageCandidate): number | null => {
  if (c.width && c.height) return c.width * c.height;
  const s = sizeInUrl(c.url);
  return s ? s.width * s.height : null;
};

/**
 * The largest of several renditions of a picture (a schema.org ImageObject list, a srcset):
 * by the sizes given, else the sizes in the URLs; an entry without any size among sized ones
 * is the original they were cut from (`stew.jpg` beside `stew-500x375.jpg`), so it counts as
 * the largest. Pictures that are not a dish's are passed over while there are others.
 */
export function largestImage(list: ImageCandidate[]): string | null {
  const usable = list.filter((c) => c.url && !c.url.startsWith('data:'));
  const dishes = usable.filter((c) => !notADishPicture(c.url));
  const pool = dishes.length ? dishes : usable;
  if (pool.length <= 1) return pool[0]?.url ?? null;
  const sized = pool.map((c) => ({ c, a: area(c) }));
  if (sized.every((s) => s.a === null)) return pool[0]!.url;
  const unsized = sized.find((s) => s.a === null);
  if (unsized) return unsized.c.url;
  return sized.reduce((best, s) => (s.a! > best.a! ? s : best)).c.url;
}

/** The candidates of a `srcset` ("a.jpg 480w, b.jpg 1080w" or "a.jpg 1x, b.jpg 2x"), each with its width when given. */
export function srcsetCandidates(srcset: string): ImageCandidate[] {
  return srcset
    .split(/,\s+/)
    .map((part) => {
      const [url = '', descriptor = ''] = part.trim().split(/\s+/);
      const w = /^(\d+)w$/.exec(descriptor);
      const x = /^(\d+(?:\.\d+)?)x$/.exec(descriptor);
      return { url, width: w ? Number(w[1]) : x ? Number(x[1]) * 1000 : undefined, height: w || x ? 1 : undefined };
    })
    .filter((c) => c.url);
}

/** A picture's key across its renditions: the file name without a resizer's size in it. */
const pictureKey = (url: string): string => renditionKey(url) ?? fileName(url).toLowerCase();

/**
 * The largest rendition of an `<img>`'s picture: its `srcset` entries that are the same picture
 * as `src` (`stew-500x500.jpg 500w, stew.jpg 1200w`), the widest of them; `src` itself when the
 * srcset holds no larger one or other pictures only (art direction).
 */
export function largestRendition(src: string, srcset: string | undefined): string {
  if (!srcset) return src;
  const key = pictureKey(src);
  // Widths only: a `2x` entry is the same picture for denser screens, not a larger one to keep.
  const same = srcset
    .split(/,\s+/)
    .map((part) => part.trim().split(/\s+/))
    .map(([url = '', descriptor = '']) => ({ url, width: Number(/^(\d+)w$/.exec(descriptor)?.[1] ?? 0) }))
    .filter((c) => c.width > 0 && !c.url.startsWith('data:') && pictureKey(c.url) === key);
  if (same.length < 2) return src;
  return same.reduce((best, c) => (c.width > best.width ? c : best)).url;
}

const CHROME = /^(?:ads?|advert\w*|sponsor\w*|site-header|site-footer|sidebar|widget-area|author(?:-box|-bio)?|avatar|comments?)$/i;

/** Inside the page's header, navigation, footer or a sidebar, where logos and ads are, not the recipe. */
function inChrome(el: Element): boolean {
  for (let p = el.parent; p && p.type === 'tag'; p = p.parent) {
    const e = p as Element;
    if (/^(?:body|html)$/i.test(e.name)) break;
    if (/^(?:header|nav|footer|aside)$/i.test(e.name)) return true;
    // Whole class names only: a page wrapper's "has-sidebar" or "one-sidebar" says nothing about what it holds.
    const marks = `${e.attribs.class ?? ''} ${e.attribs.id ?? ''}`.split(/\s+/);
    if (marks.some((m) => CHROME.test(m))) return true;
  }
  return false;
}

/**
 * The picture an `<img>` shows: its lazy-loading source, else `src`, else (a lazy-loading image
 * with nothing but a srcset) the largest of its `srcset`. Null for a tracking pixel, an icon, a data
 * URL or something marked as a logo or an avatar.
 */
export function imgPicture(img: Element): string | null {
  const a = img.attribs;
  const w = Number(a.width);
  const h = Number(a.height);
  if ((w > 0 && w <= 2) || (h > 0 && h <= 2) || (w > 0 && h > 0 && w <= 100 && h <= 100)) return null;
  if (/logo|avatar|icon|gravatar|badge/i.test(`${a.class ?? ''} ${a.id ?? ''} ${a.alt ?? ''}`)) return null;
  const srcset = a['data-srcset'] ?? a['data-lazy-srcset'] ?? a.srcset;
  const own = [a['data-src'], a['data-lazy-src'], a['data-original'], a.src].find((s) => s && !s.startsWith('data:'));
  // The picture as the page shows it; a lazy-loading image with only a srcset, the largest of it.
  const src = own
    ? largestRendition(own, srcset)
    : srcset
      ? largestImage(srcsetCandidates(srcset).filter((c) => !c.url.startsWith('data:')))
      : null;
  if (!src || /\.(?:svg|gif)(?:[?#]|$)/i.test(src) || notADishPicture(src)) return null;
  return src;
}

/**
 * The picture of a page without a sharing image or structured data: one whose alt text names the
 * dish, else the first picture after the main heading that is not in the page's chrome.
 */
export function firstContentImage($: CheerioAPI): string | undefined {
  // The first heading with words in it: an empty h1 is often the site's logo.
  const h1 = $('h1')
    .filter((_, h) => $(h).text().trim().length > 0)
    .first();
  const after = h1.nextAll().add(h1.parent().nextAll());
  const imgs = (h1.length ? after.filter('img').add(after.find('img')) : $('main img, article img, img')).toArray() as Element[];
  const title = h1.text().replace(/\s+/g, ' ').trim().toLowerCase();
  if (title.length >= 4) {
    const named = tagged($, 'img').filter((img) => (img.attribs.alt ?? '').replace(/\s+/g, ' ').toLowerCase().includes(title));
    imgs.unshift(...named);
  }
  for (const img of imgs) {
    if (inChrome(img)) continue;
    const src = imgPicture(img);
    if (src) return src;
  }
  return undefined;
}

const withoutScheme = (url: string): string => url.replace(/^https?:\/\//i, '');

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

/** A meta tag's image value that can name an image: not a bare fragment nor template output such as `#<Object:0x...>`. */
export function usableImageRef(raw: string | undefined): boolean {
  return !!raw && !raw.startsWith('#') && !/[<>]/.test(raw);
}

/**
 * A file name with the size a resizer wrote into it taken out (`stew-1200x630-c-default.jpg` and
 * `stew-500x375.jpg` are both `stew.jpg`, `img_123_1024x748_JPG.jpg` is `img_123.jpg`): two
 * pictures with the same key are renditions of one picture. Null when the name has no size in it.
 */
function renditionKey(url: string): string | null {
  const name = fileName(url);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  // Word by word rather than one pattern over the name: the pattern took polynomial time.
  const words = stem.split(/[-_]/);
  const at = words.findIndex(
    (w, i) => i > 0 && /^\d{2,5}x\d{2,5}$/i.test(w) && words.slice(i + 1).every((rest) => /^[a-z0-9]+$/i.test(rest)),
  );
  if (at < 0) return null;
  const cut = words.slice(0, at).reduce((length, w) => length + w.length + 1, 0) - 1;
  return `${stem.slice(0, cut)}${dot > 0 ? name.slice(dot) : ''}`.toLowerCase();
}

/**
 * og:image is what the page shows when shared and usually the recipe's main picture, so it wins
 * over the schema.org image in general, unless it is not a dish's picture (a logo, a default
 * card, a thumbnail). When both are renditions of one picture with their sizes written in
 * their URLs (`_1224x900.jpg` against `_1024x748.jpg`, `/800x600/pie.jpg` against
 * `/750x500/pie.jpg`), the larger is the picture. (An unsized
 * original beside an og:image cut from it does not win: sites size their sharing picture on
 * purpose, and the original is often a camera's 2560-pixel file.) When both are the same file
 * served through an image CDN's resize or crop path (`/w1200-h630-cfill/pie.jpg` against
 * `/pie.jpg`, or the schema URL embedded in the og one), the schema.org image is the original
 * and wins.
 */
export function chooseImage(og: string | null, structured: string | null): string | null {
  // An og:image that is no dish's picture is passed over, so that the page's own pictures are looked at.
  if (og && notADishPicture(og)) return structured && !notADishPicture(structured) ? structured : null;
  if (!og || !structured || og === structured) return og ?? structured;
  let ogDecoded = og;
  try {
    ogDecoded = decodeURIComponent(og);
  } catch {
    /* keep it as it is */
  }
  if (ogDecoded.includes(structured)) return structured;
  // The schema.org image is a thumbnail, or an image CDN's copy of og:image (`i0.cdn/site/pie.jpg?fit=150,150`).
  const copyOfOg = pathOf(og) !== pathOf(structured) && withoutScheme(structured).includes(withoutScheme(og).split(/[?#]/)[0]!);
  if (notADishPicture(structured) || copyOfOg) return og;
  const ogKey = renditionKey(og) ?? fileName(og).toLowerCase();
  const ogSize = sizeInUrl(og);
  const structuredSize = sizeInUrl(structured);
  if (ogKey === (renditionKey(structured) ?? fileName(structured).toLowerCase()) && ogSize && structuredSize) {
    const ogArea = ogSize.width * ogSize.height;
    const structuredArea = structuredSize.width * structuredSize.height;
    // A query a template glued twice (`?q=70&strip=info?crop=1`) is a broken address, not a larger picture.
    const broken = structured.indexOf('?') !== structured.lastIndexOf('?');
    if (ogArea !== structuredArea && !broken) return structuredArea > ogArea ? structured : og;
  }
  const name = fileName(structured);
  const sameFile = name.length >= 5 && /[a-z]/i.test(name) && name === fileName(og) && pathOf(og) !== pathOf(structured);
  return sameFile ? structured : og;
}

/**
 * A CSS `background-image: url(…)` in an inline style. Read declaration by declaration, without a
 * regular expression over the whole style: one that did took polynomial time on some styles.
 */
function backgroundUrl(style: string | undefined): string | null {
  for (const declaration of (style ?? '').split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0 || !/^background(?:-image)?$/i.test(declaration.slice(0, colon).trim())) continue;
    const value = declaration.slice(colon + 1);
    const open = value.toLowerCase().indexOf('url(');
    const close = open < 0 ? -1 : value.indexOf(')', open);
    if (close < 0) continue;
    let url = value.slice(open + 4, close).trim();
    const quote = url[0];
    if ((quote === '"' || quote === "'") && url.length >= 2 && url.endsWith(quote)) url = url.slice(1, -1).trim();
    if (url && !/['"]/.test(url)) return url;
  }
  return null;
}

/** A link to Pinterest's "save this pin" page (a share button). */
function isPinterestShare(href: string | undefined): boolean {
  if (!href) return false;
  try {
    const url = new URL(href, 'https://page.invalid');
    return url.hostname.toLowerCase().split('.').includes('pinterest') && url.pathname.toLowerCase().startsWith('/pin/create');
  } catch {
    return false;
  }
}

const HERO = /(?:^|[-_\s])(?:hero|banner|featured|feature-image|header-image|cover)(?:$|[-_\s])/i;

/**
 * The last resort of a page whose picture is in no meta tag, structured data nor `<img>` of its
 * content: the picture its share buttons send to Pinterest or Facebook (`data-pin-media`,
 * `data-image`, a Pinterest link's `media` parameter), else the background of a hero banner.
 */
export function fallbackPicture($: CheerioAPI): string | undefined {
  const usable = (u: string | null | undefined): u is string =>
    !!u && /^(?:https?:)?\/\/|^\//i.test(u) && !/\.(?:svg|gif)(?:[?#]|$)/i.test(u) && !notADishPicture(u);
  for (const el of tagged($, 'a').concat(tagged($, 'button'), tagged($, 'span'), tagged($, 'div'))) {
    const a = el.attribs;
    const pin = isPinterestShare(a.href) ? proxiedMedia(a.href!) : null;
    const shared =
      a['data-pin-media'] ??
      (a['data-image'] && /share|pin|fb|facebook|social/i.test(`${a.class ?? ''} ${a.href ?? ''}`) ? a['data-image'] : null) ??
      pin;
    if (usable(shared)) return shared;
  }
  for (const el of tagged($, 'div').concat(tagged($, 'section'), tagged($, 'header'), tagged($, 'figure'))) {
    if (!HERO.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''} ${el.attribs.role ?? ''}`)) continue;
    const bg = backgroundUrl(el.attribs.style);
    if (usable(bg)) return bg;
  }
  return undefined;
}

/** A Pinterest share link's `media` parameter. */
function proxiedMedia(href: string): string | null {
  const raw = /[?&]media=([^&#]+)/i.exec(href)?.[1];
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

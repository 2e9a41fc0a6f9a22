/** The URL of a fetch, as the guard reads it: a user URL checked, and a URL's host as written and as connected to. */
import { BadRequest } from '../../errors.js';

/** Parses a user URL; only absolute http(s) URLs with a host pass. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw BadRequest('url must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw BadRequest('Only http and https URLs can be scraped');
  if (!url.hostname) throw BadRequest('url must have a host');
  url.hash = '';
  return url;
}

/**
 * The host exactly as written in an absolute URL string, before WHATWG normalisation turns
 * `2130706433`, `0x7f.1` or `127.0.0.%31` into `127.0.0.1`. Null for relative references.
 */
export function rawHostOf(text: string): string | null {
  const m = /^\s*[a-z][a-z0-9+.-]*:[\\/]{2}(?:[^@/\\?#]*@)?(\[[^\]]*\]|[^:/\\?#]*)/i.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

export function hostPortKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}`;
}

export function bareHost(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

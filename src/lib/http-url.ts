/**
 * What the API accepts as a URL field (`source_url`, `image_url`): an absolute http(s) URL that
 * the WHATWG URL parser (the one browsers use) accepts, with a host, and without spaces, quotes
 * or the other characters that must be percent-encoded in a URL. The pattern says the same to
 * JSON Schema readers (the OpenAPI document, generated clients); the format check adds the parse.
 */
export const HTTP_URL_PATTERN = '^https?://[^\\s"\'<>\\\\^`{|}]+$';
const HTTP_URL_RE = new RegExp(HTTP_URL_PATTERN);
export const HTTP_URL_MAX_LENGTH = 2048;

export function isHttpUrl(value: string): boolean {
  if (value.length > HTTP_URL_MAX_LENGTH || !HTTP_URL_RE.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

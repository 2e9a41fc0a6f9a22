/**
 * Reading a fetched page's body: its Content-Type, its Content-Encoding (undone without ever
 * producing more than the page limit), and its character set (BOM, HTTP charset, `<meta>`).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError, BadGateway, PayloadTooLarge } from '../../errors.js';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

export interface ContentType {
  type: string;
  charset?: string;
}

export function parseContentType(header: string | undefined): ContentType | null {
  if (!header) return null;
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() === 'charset')
      charset = p
        .slice(eq + 1)
        .trim()
        .replace(/^["']|["']$/g, '');
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** A TextDecoder for the label, or null when the WHATWG Encoding standard does not know it. */
function decoderFor(label: string | undefined): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim());
  } catch {
    return null;
  }
}

/**
 * The attributes of one `<meta ...>` tag starting at `at`, read in one pass (attribute regexes
 * over a tag of arbitrary length backtrack quadratically), and where the tag ends.
 */
function metaTagAt(head: string, at: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '/';
  let i = at + 5; // after "<meta"
  while (i < head.length && head[i] !== '>') {
    while (i < head.length && isSpace(head[i])) i++;
    const nameStart = i;
    while (i < head.length && !isSpace(head[i]) && head[i] !== '=' && head[i] !== '>') i++;
    const name = head.slice(nameStart, i).toLowerCase();
    while (i < head.length && isSpace(head[i]) && head[i] !== '/') i++;
    let value = '';
    if (head[i] === '=') {
      i++;
      while (i < head.length && isSpace(head[i]) && head[i] !== '/') i++;
      const quote = head[i];
      if (quote === '"' || quote === "'") {
        const close = head.indexOf(quote, i + 1);
        const stop = close < 0 ? head.length : close;
        value = head.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < head.length && !isSpace(head[i]) && head[i] !== '>') i++;
        value = head.slice(valueStart, i);
      }
    }
    if (name && !attrs.has(name)) attrs.set(name, value);
    if (i === nameStart) i++; // never stall on an unexpected character
  }
  return { attrs, end: i };
}

/** The charset label at the start of a value (`" utf-8"`, `windows-1252;`), if any. */
function charsetLabel(value: string): string | undefined {
  return /^[\w.:-]+/.exec(value.replace(/^["'\s]+/, ''))?.[0];
}

/** Finds a charset declared in `<meta charset>` or `<meta http-equiv="content-type">` near the top of the page. */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  // latin1 keeps every byte as one char, so the ASCII markup is readable whatever the encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16 * 1024)).toString('latin1');
  const lower = head.toLowerCase();
  for (let at = lower.indexOf('<meta'); at >= 0; at = lower.indexOf('<meta', at + 5)) {
    const next = lower[at + 5];
    if (next !== undefined && /[a-z0-9_-]/.test(next)) continue; // <metadata>, not <meta>
    const { attrs, end } = metaTagAt(head, at);
    const own = attrs.get('charset');
    if (own !== undefined) {
      const label = charsetLabel(own);
      if (label) return label;
    }
    const content = attrs.get('content');
    if (content !== undefined && (attrs.get('http-equiv') ?? '').trim().toLowerCase() === 'content-type') {
      const k = content.toLowerCase().indexOf('charset');
      if (k >= 0) {
        const afterKey = content.slice(k + 7).replace(/^\s+/, '');
        if (afterKey.startsWith('=')) {
          const label = charsetLabel(afterKey.slice(1));
          if (label) return label;
        }
      }
    }
    at = Math.max(at, end - 5);
  }
  return undefined;
}

/** Decodes an HTML body: BOM, then the HTTP charset, then a `<meta>` declaration, then UTF-8. */
export function decodeHtml(bytes: Uint8Array, headerCharset?: string): { html: string; charset: string } {
  let decoder: TextDecoder | null = null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) decoder = new TextDecoder('utf-8');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoder = new TextDecoder('utf-16be');
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) decoder = new TextDecoder('utf-16le');
  decoder ??= decoderFor(headerCharset);
  if (!decoder) {
    const meta = decoderFor(sniffMetaCharset(bytes));
    // A page whose markup we just read as ASCII cannot really be UTF-16; HTML says use UTF-8 then.
    decoder = meta && !meta.encoding.startsWith('utf-16') ? meta : null;
  }
  decoder ??= new TextDecoder('utf-8');
  return { html: decoder.decode(bytes), charset: decoder.encoding };
}

/** Undoes Content-Encoding, never producing more than maxBytes (so a compression bomb stops early). */
export async function decodeContent(body: Buffer, encodingHeader: string | undefined, maxBytes: number): Promise<Buffer> {
  const codings = (encodingHeader ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity');
  let out = body;
  for (const coding of codings.reverse()) {
    const opts = { maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') out = await gunzip(out, opts);
      else if (coding === 'br') out = await brotli(out, opts);
      else if (coding === 'deflate') {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate; the zlib header tells.
        const zlibWrapped = out.length >= 2 && (out[0]! & 0x0f) === 8 && ((out[0]! << 8) | out[1]!) % 31 === 0;
        out = zlibWrapped ? await inflate(out, opts) : await inflateRaw(out, opts);
      } else throw BadGateway(`Upstream used an unsupported content encoding (${coding})`);
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw PayloadTooLarge(`Page is larger than ${maxBytes} bytes`);
      }
      throw BadGateway('Upstream sent a corrupt compressed body');
    }
  }
  return out;
}

/**
 * The one outbound HTTP fetcher used by every scrape route. A user-supplied URL is an SSRF
 * vector, so every hop is resolved here, every resolved address is checked, and the socket is
 * pinned to exactly those checked addresses (no second DNS lookup, so DNS rebinding cannot
 * swap in an internal address between check and connect).
 *
 * Concurrency policy: each user may have `maxPerUser` fetches in flight; one more is refused
 * at once with 429 + Retry-After. Globally at most `maxConcurrent` fetches run; further ones
 * wait in a FIFO queue (bounded to 4 x maxConcurrent waiters and `timeoutMs` of waiting),
 * beyond which they also get 429.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { Client } from 'undici';
import {
  AppError,
  BadGateway,
  BadRequest,
  Forbidden,
  GatewayTimeout,
  PayloadTooLarge,
  TooManyRequests,
  UnsupportedMediaType,
} from '../../errors.js';
import { checkAddress } from './ip-policy.js';
import { decodeContent, decodeHtml, parseContentType } from './page-body.js';
import { bareHost, hostPortKey, parseTargetUrl, rawHostOf } from './target-url.js';

let undiciModule: Promise<typeof import('undici')> | undefined;
/** undici is loaded on the first outbound fetch, not at start: most launches fetch nothing for a while. */
const loadUndici = () => (undiciModule ??= import('undici'));

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has; injectable so tests never need real DNS. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetcherOptions {
  /** `host:port` entries (lowercase; IPv6 as `[::1]:port`) exempt from the internal-address rule. */
  allowHosts: string[];
  /** Budget for the whole fetch, all redirects included (connect, headers and body). */
  timeoutMs: number;
  /** Maximum body size in bytes, counted after decompression. */
  maxBytes: number;
  maxConcurrent: number;
  maxPerUser: number;
  userAgent: string;
  lookup?: HostLookup;
  /** Called with every address a socket is about to be pinned to; lets tests prove no connection was tried. */
  onConnect?: (info: { url: string; addresses: ResolvedAddress[] }) => void;
}

export interface FetchedPage {
  /** Final URL after redirects. */
  url: string;
  html: string;
  /** The charset the body was decoded with (WHATWG encoding name). */
  charset: string;
}

/** A resource other than a page (a picture): its bytes as sent, Content-Encoding undone. */
export interface FetchedBytes {
  url: string;
  bytes: Buffer;
  /** The declared media type, lower case ('' when missing); callers judge the bytes, not this. */
  contentType: string;
}

export interface SafeFetcher {
  fetchHtml(url: string, userKey: string): Promise<FetchedPage>;
  /**
   * Any resource (a recipe's picture), under the same rules, limits and redirect checks as a
   * page, but with its own size limit and whatever its type. Optional so a stub need not have it.
   */
  fetchBytes?(url: string, userKey: string, maxBytes: number): Promise<FetchedBytes>;
  close(): Promise<void>;
}

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

const defaultLookup: HostLookup = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Maps network-level failures to contract errors; 5xx messages stay generic. */
function upstreamError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return BadGateway('Could not resolve the host name');
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return GatewayTimeout('Upstream timed out');
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return PayloadTooLarge('Page is too large');
  if (code === 'ECONNREFUSED') return BadGateway('Upstream refused the connection');
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO') return BadGateway('TLS handshake with upstream failed');
  return BadGateway('Upstream request failed');
}

/** Counting semaphore with a FIFO queue. */
class Slots {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  constructor(
    private readonly limit: number,
    private readonly maxWaiters: number,
  ) {}

  async acquire(waitMs: number): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    if (this.waiters.length >= this.maxWaiters) throw TooManyRequests(1, 'The scraper is busy, try again shortly');
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(wake);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(TooManyRequests(1, 'The scraper is busy, try again shortly'));
      }, waitMs);
      this.waiters.push(wake);
    });
    // The slot was handed over by the releaser without decrementing.
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}

/** Creates the guarded fetcher; call close() on shutdown to abort fetches in flight. */
export function createSafeFetcher(opts: SafeFetcherOptions): SafeFetcher {
  const allowHosts = new Set(opts.allowHosts.map((h) => h.toLowerCase()));
  const lookup = opts.lookup ?? defaultLookup;
  const global = new Slots(opts.maxConcurrent, opts.maxConcurrent * 4);
  const perUser = new Map<string, number>();
  const inFlight = new Set<AbortController>();
  let closed = false;

  /** Resolves the host of one hop and checks every address; returns the addresses to pin. */
  async function resolveChecked(url: URL, canonical: boolean, signal: AbortSignal): Promise<ResolvedAddress[]> {
    const host = bareHost(url);
    // Only the exact spelling in the allow-list is exempt; an odd spelling of it is judged by address.
    const exempt = canonical && allowHosts.has(hostPortKey(url));
    // RFC 6761: these names are loopback whatever a resolver says, so never ask one.
    if (!exempt && /(?:^|\.)localhost\.?$/i.test(host)) throw Forbidden('The URL points to an internal or reserved address');
    let addresses: ResolvedAddress[];
    const literal = isIP(host);
    if (literal) {
      addresses = [{ address: host, family: literal }];
    } else {
      try {
        addresses = await raceAbort(lookup(host), signal);
      } catch (err) {
        if (signal.aborted) throw err;
        throw upstreamError(err);
      }
      if (addresses.length === 0) throw BadGateway('Could not resolve the host name');
    }
    if (!exempt) {
      for (const a of addresses) {
        if (!checkAddress(a.address).allowed) throw Forbidden('The URL points to an internal or reserved address');
      }
    }
    return addresses;
  }

  async function fetchOnce(url: URL, canonical: boolean, signal: AbortSignal, remainingMs: () => number, accept: string) {
    const addresses = await resolveChecked(url, canonical, signal);
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    };
    opts.onConnect?.({ url: url.href, addresses });
    const budget = Math.max(1, remainingMs());
    const { Client: UndiciClient } = await loadUndici();
    const client: Client = new UndiciClient(url.origin, {
      connect: { lookup: pinned, timeout: budget },
      headersTimeout: budget,
      bodyTimeout: budget,
      keepAliveTimeout: 1,
      pipelining: 0,
    });
    try {
      const res = await client.request({
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        signal,
        headers: {
          'user-agent': opts.userAgent,
          accept,
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=0.9, *;q=0.5',
        },
      });
      return { res, client };
    } catch (err) {
      await client.destroy().catch(() => {});
      throw err;
    }
  }

  async function readBody(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        throw PayloadTooLarge(`Page is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  }

  /** What one fetch wants: a page (HTML only, SCRAPE_MAX_BYTES) or bytes of any type up to a limit of their own. */
  type Want = { kind: 'html' } | { kind: 'bytes'; maxBytes: number };
  const ACCEPT = {
    html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
    bytes: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1',
  };

  async function run(
    start: URL,
    startText: string,
    controller: AbortController,
    deadline: number,
    want: Want,
  ): Promise<FetchedPage | FetchedBytes> {
    const remainingMs = () => deadline - Date.now();
    let url = start;
    let canonical = rawHostOf(startText) === url.hostname;
    const maxBytes = want.kind === 'bytes' ? want.maxBytes : opts.maxBytes;
    for (let hop = 0; ; hop++) {
      const { res, client } = await fetchOnce(url, canonical, controller.signal, remainingMs, ACCEPT[want.kind]);
      try {
        if (REDIRECT_STATUSES.has(res.statusCode)) {
          await res.body.dump().catch(() => {});
          const location = header(res.headers, 'location');
          if (!location) throw BadGateway(`Upstream answered HTTP ${res.statusCode} without a Location`);
          if (hop >= MAX_REDIRECTS) throw BadGateway(`Too many redirects (more than ${MAX_REDIRECTS})`);
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            throw BadGateway('Upstream redirected to an invalid URL');
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:') throw BadRequest('Upstream redirected to a non-http(s) URL');
          next.hash = '';
          const spelled = rawHostOf(location);
          // A relative Location keeps the current host, and with it the current exemption status.
          if (spelled !== null) canonical = spelled === next.hostname;
          url = next;
          continue;
        }
        if (res.statusCode < 200 || res.statusCode > 299) {
          await res.body.dump().catch(() => {});
          throw BadGateway(`Upstream answered HTTP ${res.statusCode}`);
        }
        const ct = parseContentType(header(res.headers, 'content-type'));
        if (want.kind === 'html' && (!ct || !HTML_TYPES.has(ct.type))) {
          await res.body.dump().catch(() => {});
          throw UnsupportedMediaType(`The page is not HTML (content type ${ct?.type || 'missing'})`);
        }
        const encoding = header(res.headers, 'content-encoding');
        const declared = Number(header(res.headers, 'content-length'));
        if (!encoding && Number.isFinite(declared) && declared > maxBytes) {
          res.body.destroy();
          throw PayloadTooLarge(`Page is larger than ${maxBytes} bytes`);
        }
        const raw = await readBody(res.body, maxBytes);
        const bytes = await decodeContent(raw, encoding, maxBytes);
        if (want.kind === 'bytes') return { url: url.href, bytes, contentType: ct?.type ?? '' };
        const { html, charset } = decodeHtml(bytes, ct!.charset);
        return { url: url.href, html, charset };
      } finally {
        await client.destroy().catch(() => {});
      }
    }
  }

  async function fetchGuarded(rawUrl: string, userKey: string, want: Want): Promise<FetchedPage | FetchedBytes> {
    if (closed) throw BadGateway('The scraper is shutting down');
    const start = parseTargetUrl(rawUrl);
    const mine = perUser.get(userKey) ?? 0;
    if (mine >= opts.maxPerUser) throw TooManyRequests(1, `At most ${opts.maxPerUser} scrapes at a time per user`);
    perUser.set(userKey, mine + 1);
    let release: (() => void) | undefined;
    try {
      release = await global.acquire(opts.timeoutMs);
      const controller = new AbortController();
      inFlight.add(controller);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(GatewayTimeout('Upstream timed out'));
      }, opts.timeoutMs);
      try {
        return await run(start, rawUrl, controller, Date.now() + opts.timeoutMs, want);
      } catch (err) {
        if (timedOut) throw GatewayTimeout('Upstream timed out');
        if (controller.signal.aborted) throw BadGateway('The scraper is shutting down');
        throw upstreamError(err);
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    } finally {
      release?.();
      const left = (perUser.get(userKey) ?? 1) - 1;
      if (left <= 0) perUser.delete(userKey);
      else perUser.set(userKey, left);
    }
  }

  return {
    fetchHtml: (url, userKey) => fetchGuarded(url, userKey, { kind: 'html' }) as Promise<FetchedPage>,
    fetchBytes: (url, userKey, maxBytes) => fetchGuarded(url, userKey, { kind: 'bytes', maxBytes }) as Promise<FetchedBytes>,
    async close() {
      closed = true;
      for (const c of inFlight) c.abort(new Error('fetcher closed'));
    },
  };
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

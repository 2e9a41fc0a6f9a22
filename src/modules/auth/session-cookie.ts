/**
 * The browser session's cookie: where it is set, read and cleared, for every route that starts or
 * ends a browser session (POST /session and its siblings, and the single sign-on callback), so a
 * session started either way is the same cookie with the same attributes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { TokenPair } from './auth.service.js';
import { SESSION_COOKIE_PATH, SESSION_COOKIE_PATHS, SESSION_COOKIE_PLAIN, SESSION_COOKIE_SECURE } from './session.schemas.js';

/** Every value of cookie `name` in a raw Cookie header, in the order sent (a cookie parser keeps only the first). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim());
  }
  return values;
}

/** What the body of a session answer carries: the access token only (the refresh token is in the cookie). */
export interface BrowserSession {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** The session cookie's rules for one deployment (reply.setCookie needs @fastify/cookie in the caller's context). */
export function sessionCookies(config: Pick<Config, 'publicOrigin' | 'jwtRefreshTtl'>) {
  /** Whether browsers reach the service over https: the request's scheme (with TRUST_PROXY, the proxy's), or PUBLIC_ORIGIN's. */
  const overHttps = (request: FastifyRequest) => request.protocol === 'https' || config.publicOrigin?.startsWith('https:') === true;
  const cookieName = (request: FastifyRequest) => (overHttps(request) ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN);

  /** Clears the session cookie under both names and on every path it may have had, but `except`. */
  function clear(request: FastifyRequest, reply: FastifyReply, except?: { name: string; path: string }) {
    const secure = overHttps(request);
    for (const path of SESSION_COOKIE_PATHS) {
      if (except?.name !== SESSION_COOKIE_PLAIN || except.path !== path) {
        reply.clearCookie(SESSION_COOKIE_PLAIN, { path, httpOnly: true, sameSite: 'strict', secure });
      }
    }
    // A __Host- cookie has Path=/ and Secure by definition; a browser drops a clear without them.
    if (except?.name !== SESSION_COOKIE_SECURE)
      reply.clearCookie(SESSION_COOKIE_SECURE, { path: '/', httpOnly: true, sameSite: 'strict', secure: true });
  }

  /** Sets the refresh token as the session cookie (every other copy cleared) and answers what the body may carry. */
  function set(request: FastifyRequest, reply: FastifyReply, pair: TokenPair): BrowserSession {
    const name = cookieName(request);
    // Every other copy goes (the other name, and paths of earlier versions), so the browser keeps exactly one.
    clear(request, reply, { name, path: SESSION_COOKIE_PATH });
    reply.setCookie(name, pair.refresh_token, {
      path: SESSION_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: overHttps(request),
      maxAge: config.jwtRefreshTtl,
    });
    reply.header('cache-control', 'no-store');
    return { access_token: pair.access_token, token_type: pair.token_type, expires_in: pair.expires_in };
  }

  return { overHttps, cookieName, clear, set };
}

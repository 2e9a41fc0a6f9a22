/**
 * Browser sessions: the same login, rotation and logout as /login, /refresh and /logout, but the
 * refresh token travels only in an HttpOnly, SameSite=Strict cookie (session.schemas.ts: named
 * `__Host-gourmet_refresh` over https, `gourmet_refresh` over plain http), so page scripts (and
 * anything injected into them) never see it. The access token is returned in the body and kept
 * in memory by the web app.
 *
 * Cross-site requests are refused twice over: every route needs the X-Requested-With header (a
 * form or an <img> cannot send it, and a cross-origin fetch would need a preflight that CORS never
 * allows for it), and an Origin that is not one this deployment serves, or a Sec-Fetch-Site of
 * cross-site, is refused.
 */
import type { HostPolicy } from '../../lib/host-policy.js';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, Forbidden, Unauthorized } from '../../errors.js';
import { ErrorResponse } from '../../schemas/common.js';
import { Credentials } from './auth.schemas.js';
import { cookieValues, sessionCookies } from './session-cookie.js';
import { BrowserSessionResponse, CSRF_HEADER, CsrfHeaders, SESSION_COOKIE_PLAIN, SESSION_COOKIE_SECURE } from './session.schemas.js';
import fp from 'fastify-plugin';

/**
 * Whether a session request's Origin is one of this deployment's: CORS_ORIGINS, PUBLIC_ORIGIN, or
 * the scheme and host the request came to when that host is one the deployment serves
 * (src/lib/host-policy.ts). Never the request's own Host alone: a DNS-rebinding page sends its
 * own name as both Host and Origin.
 */
export function isAllowedOrigin(request: FastifyRequest, allowed: readonly string[], hosts: HostPolicy): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a cross-origin browser request (curl, or a same-origin GET)
  if (allowed.includes(origin)) return true;
  return origin === `${request.protocol}://${request.host}` && hosts.allows(request.host);
}

async function sessionRoutes(fastify: FastifyInstance) {
  await fastify.register(cookie);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const auth = app.authService;
  const { config } = app;
  const allowedOrigins = [...config.corsOrigins.filter((o) => o !== '*'), ...(config.publicOrigin ? [config.publicOrigin] : [])];
  const hosts = app.hostPolicy;

  /** onRequest, so a forged request is refused before its body is even parsed. */
  const refuseCrossSite = async (request: FastifyRequest) => {
    if (!request.headers[CSRF_HEADER]) throw Forbidden(`Session requests need the ${CSRF_HEADER} header`);
    if (request.headers['sec-fetch-site'] === 'cross-site') throw Forbidden('Cross-site session request refused');
    if (!isAllowedOrigin(request, allowedOrigins, hosts)) throw Forbidden('Session request from another origin refused');
  };

  const { cookieName, clear: clearSessionCookies, set: setSessionCookie } = sessionCookies(config);

  /**
   * The refresh token of the request's session cookie, or undefined without one. Only the name
   * of the scheme counts (a plain-named cookie over https may have been set by any same-site
   * page, and is cleared, never read); more than one cookie of that name means another origin
   * set one beside ours, and which is ours cannot be told: refused with 400, every copy cleared.
   */
  const sessionToken = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    const values = cookieValues(request.headers.cookie, cookieName(request));
    if (values.length > 1) {
      clearSessionCookies(request, reply);
      throw BadRequest('More than one session cookie was sent (another site may have set one); they are cleared, log in again');
    }
    return values[0] || undefined;
  };

  const csrfNote =
    " Needs the `X-Requested-With` header (any value); a request whose `Origin` is none of this deployment's (PUBLIC_ORIGIN, " +
    'CORS_ORIGINS, or the scheme and host of the request when that host is one it serves: a loopback name or ALLOWED_HOSTS), ' +
    'or whose `Sec-Fetch-Site` is `cross-site`, is refused with 403.';
  const cookieNote =
    `\`${SESSION_COOKIE_SECURE}\` cookie where the service is reached over https (the request came over https, through a ` +
    `trusted proxy with TRUST_PROXY, or PUBLIC_ORIGIN is https; then Secure), else the \`${SESSION_COOKIE_PLAIN}\` cookie (browsers refuse ` +
    '`__Host-` without Secure); HttpOnly, SameSite=Strict, Path=/';

  app.post(
    '/session',
    {
      onRequest: [refuseCrossSite],
      schema: {
        operationId: 'createBrowserSession',
        tags: ['auth'],
        security: [],
        summary: 'Log in from a browser: access token in the body, refresh token in an HttpOnly cookie',
        description:
          `The browser variant of POST /login, with the same checks and rate limits. The refresh token is set as the ${cookieNote}, ` +
          'Max-Age JWT_REFRESH_TTL, and is never in the body, so scripts on the page cannot read it. Any other copy of the cookie ' +
          '(the other name, or another path) is cleared in the same answer.' +
          csrfNote,
        headers: CsrfHeaders,
        body: Credentials,
        response: {
          200: BrowserSessionResponse,
          401: ErrorResponse,
          403: ErrorResponse,
        },
      },
    },
    async (request, reply) =>
      setSessionCookie(request, reply, await auth.login(request.body.username, request.body.password, { ip: request.ip })),
  );

  app.post(
    '/session/refresh',
    {
      onRequest: [refuseCrossSite],
      schema: {
        operationId: 'refreshBrowserSession',
        tags: ['auth'],
        security: [],
        summary: 'Get a new access token with the session cookie (the cookie is rotated)',
        description:
          `Spends the refresh token in the session cookie (the ${cookieNote}) and sets a new one, with the rotation and reuse ` +
          'detection of POST /refresh: a spent token presented again revokes the whole session. 401 when there is no cookie or it is no ' +
          'longer valid; 400 when the request carries more than one session cookie (another site set one beside ours); both clear the ' +
          'cookie under both names and on every path (/, /session, /session/refresh). The web app calls this on every page load to restore the session.' +
          csrfNote,
        headers: CsrfHeaders,
        response: { 200: BrowserSessionResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const token = sessionToken(request, reply);
      if (!token) {
        clearSessionCookies(request, reply);
        throw Unauthorized('No session cookie; log in');
      }
      try {
        return setSessionCookie(request, reply, await auth.refresh(token));
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 401) clearSessionCookies(request, reply);
        throw err;
      }
    },
  );

  app.delete(
    '/session',
    {
      onRequest: [refuseCrossSite],
      schema: {
        operationId: 'deleteBrowserSession',
        tags: ['auth'],
        security: [],
        summary: 'Log out a browser session and clear its cookie',
        description:
          'Revokes the session of the refresh token in the session cookie (its refresh tokens and every access token of that ' +
          'login) and clears the cookie under both names and on every path. With more than one session cookie, the session of each is ' +
          'ended. An access token sent as Bearer is revoked too. Answers 204 even without a ' +
          'cookie or with one already revoked, so logging out twice is harmless.' +
          csrfNote,
        headers: CsrfHeaders,
        response: { 204: { type: 'null', description: 'Logged out; the cookie is cleared' }, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      // Every copy is ended: one of them is the user's, and ending a session planted by another site harms no one.
      for (const token of cookieValues(request.headers.cookie, cookieName(request)).slice(0, 10)) if (token) await auth.endSession(token);
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
      if (bearer) {
        // A stale or foreign access token must not stop the logout: the cookie decides the session.
        const claims = await auth.authenticate(bearer[1]!).catch(() => undefined);
        if (claims) await auth.logout(claims);
      }
      clearSessionCookies(request, reply);
      reply.header('cache-control', 'no-store');
      return reply.status(204).send(null);
    },
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(sessionRoutes, { name: 'session-routes', dependencies: ['auth', 'host-policy'], encapsulate: true });

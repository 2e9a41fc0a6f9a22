/**
 * Browser sessions: the same login, rotation and logout as /login, /refresh and /logout, but the
 * refresh token travels only in an HttpOnly, SameSite=Strict cookie scoped to /session, so page
 * scripts (and anything injected into them) never see it. The access token is returned in the
 * body and kept in memory by the web app.
 *
 * Cross-site requests are refused twice over: every route needs the X-Requested-With header (a
 * form or an <img> cannot send it, and a cross-origin fetch would need a preflight that CORS never
 * allows for it), and an Origin or Sec-Fetch-Site header naming another site is refused.
 */
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from '../../errors.js';
import { ErrorResponse } from '../../schemas/common.js';
import { Credentials } from './auth.schemas.js';
import type { TokenPair } from './auth.service.js';
import { BrowserSessionResponse, CSRF_HEADER, CsrfHeaders, SESSION_COOKIE, SESSION_COOKIE_PATH } from './session.schemas.js';
import fp from 'fastify-plugin';

/** The origins a session request may come from: the server's own, and the configured CORS origins. */
export function isAllowedOrigin(request: FastifyRequest, allowed: string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a cross-origin browser request (curl, or a same-origin GET)
  if (origin === `${request.protocol}://${request.host}`) return true;
  return allowed.includes(origin);
}

async function sessionRoutes(fastify: FastifyInstance) {
  await fastify.register(cookie);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const auth = app.authService;
  const { config } = app;
  const corsOrigins = config.corsOrigins.filter((o) => o !== '*');

  /** onRequest, so a forged request is refused before its body is even parsed. */
  const refuseCrossSite = async (request: FastifyRequest) => {
    if (!request.headers[CSRF_HEADER]) throw Forbidden(`Session requests need the ${CSRF_HEADER} header`);
    if (request.headers['sec-fetch-site'] === 'cross-site') throw Forbidden('Cross-site session request refused');
    if (!isAllowedOrigin(request, corsOrigins)) throw Forbidden('Session request from another origin refused');
  };

  const setSessionCookie = (request: FastifyRequest, reply: FastifyReply, pair: TokenPair) => {
    reply.setCookie(SESSION_COOKIE, pair.refresh_token, {
      path: SESSION_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: config.jwtRefreshTtl,
    });
    reply.header('cache-control', 'no-store');
    return { access_token: pair.access_token, token_type: pair.token_type, expires_in: pair.expires_in };
  };
  const clearSessionCookie = (request: FastifyRequest, reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: SESSION_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
  };

  const csrfNote = ' Needs the `X-Requested-With` header (any value); a request whose `Origin` is neither this server nor one of CORS_ORIGINS, '
    + 'or whose `Sec-Fetch-Site` is `cross-site`, is refused with 403.';

  app.post('/session', {
    onRequest: [refuseCrossSite],
    schema: {
      operationId: 'createBrowserSession', tags: ['auth'], security: [],
      summary: 'Log in from a browser: access token in the body, refresh token in an HttpOnly cookie',
      description: 'The browser variant of POST /login, with the same checks and rate limits. The refresh token is set as the '
        + `\`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Strict, Path=${SESSION_COOKIE_PATH}, Secure when the request came over https, `
        + 'Max-Age JWT_REFRESH_TTL) and is never in the body, so scripts on the page cannot read it.' + csrfNote,
      headers: CsrfHeaders,
      body: Credentials,
      response: {
        200: BrowserSessionResponse, 401: ErrorResponse, 403: ErrorResponse,
      },
    },
  }, async (request, reply) => setSessionCookie(request, reply, await auth.login(request.body.username, request.body.password, { ip: request.ip })));

  app.post('/session/refresh', {
    onRequest: [refuseCrossSite],
    schema: {
      operationId: 'refreshBrowserSession', tags: ['auth'], security: [],
      summary: 'Get a new access token with the session cookie (the cookie is rotated)',
      description: `Spends the refresh token in the \`${SESSION_COOKIE}\` cookie and sets a new one, with the rotation and reuse `
        + 'detection of POST /refresh: a spent token presented again revokes the whole session. 401 (and the cookie is cleared) '
        + 'when there is no cookie or it is no longer valid. The web app calls this on every page load to restore the session.' + csrfNote,
      headers: CsrfHeaders,
      response: { 200: BrowserSessionResponse, 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw Unauthorized('No session cookie; log in');
    try {
      return setSessionCookie(request, reply, await auth.refresh(token));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 401) clearSessionCookie(request, reply);
      throw err;
    }
  });

  app.delete('/session', {
    onRequest: [refuseCrossSite],
    schema: {
      operationId: 'deleteBrowserSession', tags: ['auth'], security: [],
      summary: 'Log out a browser session and clear its cookie',
      description: `Revokes the session of the refresh token in the \`${SESSION_COOKIE}\` cookie (its refresh tokens and every access `
        + 'token of that login) and clears the cookie. An access token sent as Bearer is revoked too. Answers 204 even without a '
        + 'cookie or with one already revoked, so logging out twice is harmless.' + csrfNote,
      headers: CsrfHeaders,
      response: { 204: { type: 'null', description: 'Logged out; the cookie is cleared' }, 403: ErrorResponse },
    },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.endSession(token);
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (bearer) {
      // A stale or foreign access token must not stop the logout: the cookie decides the session.
      const claims = await auth.authenticate(bearer[1]!).catch(() => undefined);
      if (claims) await auth.logout(claims);
    }
    clearSessionCookie(request, reply);
    reply.header('cache-control', 'no-store');
    return reply.status(204).send(null);
  });
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(sessionRoutes, { name: 'session-routes', dependencies: ['auth'], encapsulate: true });

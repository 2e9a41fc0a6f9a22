/**
 * Single sign-on routes: which sign-in methods there are (for the web app), the start of a
 * sign-in through the provider, and the provider's callback, which ends in the same browser
 * session (HttpOnly refresh cookie) as POST /session. Without a provider configured the two flow
 * routes answer 404.
 */
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { NotFound } from '../../errors.js';
import { ErrorResponse } from '../../schemas/common.js';
import { cookieValues, sessionCookies } from '../auth/session-cookie.js';
import { FLOW_TTL_SEC } from './flow-cookie.js';
import type { OidcService } from './oidc.service.js';
import { AuthMethods, OidcCallbackQuery, OidcStartQuery, redirectTo } from './oidc.schemas.js';

/**
 * The sign-in flow's cookie (flow-cookie.ts). SameSite=Lax, not Strict: it must come along on the
 * provider's redirect back, a top-level navigation from another site; `__Host-` over https.
 */
const FLOW_COOKIE_SECURE = '__Host-gourmet_oidc';
const FLOW_COOKIE_PLAIN = 'gourmet_oidc';

async function oidcRoutes(fastify: FastifyInstance) {
  await fastify.register(cookie);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = app;
  const cookies = sessionCookies(config);
  const flowCookieName = (request: FastifyRequest) => (cookies.overHttps(request) ? FLOW_COOKIE_SECURE : FLOW_COOKIE_PLAIN);
  const flowCookieOptions = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: cookies.overHttps(request),
  });

  const service = (): OidcService => {
    if (!app.oidcService) throw NotFound('Single sign-on is not configured here (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)');
    return app.oidcService;
  };
  const offNote = ' 404 when no provider is configured.';

  app.get(
    '/auth/methods',
    {
      schema: {
        operationId: 'getAuthMethods',
        tags: ['auth'],
        security: [],
        summary: 'How one may sign in: password, and the single sign-on provider if any',
        description:
          'For sign-in pages: whether password sign-in and registration are offered (not with OIDC_ONLY=true), and the ' +
          "OpenID Connect provider's name and where to start a sign-in through it.",
        response: { 200: AuthMethods },
      },
    },
    async () => ({
      password: config.oidc?.only !== true,
      oidc: app.oidcService ? { provider_name: app.oidcService.providerName, start_url: '/auth/oidc/start' as const } : null,
    }),
  );

  app.get(
    '/auth/oidc/start',
    {
      schema: {
        operationId: 'startOidcSignIn',
        tags: ['auth'],
        security: [],
        summary: 'Sign in through the OpenID Connect provider: redirects the browser there',
        description:
          "For a browser navigation (a link), not for fetch. Answers 302 to the provider's authorization endpoint " +
          '(authorization code flow with PKCE S256, a fresh state and nonce) and sets a sealed, HttpOnly, SameSite=Lax cookie ' +
          `(\`${FLOW_COOKIE_SECURE}\` over https, else \`${FLOW_COOKIE_PLAIN}\`) that holds them for ${FLOW_TTL_SEC / 60} minutes. ` +
          '502 when the provider cannot be reached.' +
          offNote,
        querystring: OidcStartQuery,
        response: { 302: redirectTo("To the provider's sign-in page"), 400: ErrorResponse, 404: ErrorResponse, 502: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { location, flowCookie } = await service().start(request.query.next);
      reply.setCookie(flowCookieName(request), flowCookie, { ...flowCookieOptions(request), maxAge: FLOW_TTL_SEC });
      reply.header('cache-control', 'no-store');
      return reply.redirect(location, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        operationId: 'finishOidcSignIn',
        tags: ['auth'],
        security: [],
        summary: 'Where the provider sends the browser back: ends in a browser session and redirects into the app',
        description:
          'The redirect URI to register at the provider (OIDC_REDIRECT_URI, by default PUBLIC_ORIGIN + /auth/oidc/callback). ' +
          'Needs the flow cookie set by GET /auth/oidc/start in the same browser, and the same `state` (400 OIDC_STATE_INVALID otherwise). ' +
          "The code is redeemed with the PKCE verifier and the ID token checked against the provider's JWKS (signature, issuer, " +
          'audience, expiry, nonce); a refusal by the provider, a code used before or a token that fails a check is 401 ' +
          "OIDC_SIGN_IN_FAILED. The account is the one linked to the provider's (issuer, subject), made at the first sign-in with " +
          'a username from `preferred_username` or `name`; e-mail addresses are never used to link. On success: 302 to the `next` ' +
          'path given to /auth/oidc/start with the session cookie set as by POST /session; the web app then restores the session ' +
          'with POST /session/refresh. The flow cookie is cleared whatever the outcome.' +
          offNote,
        querystring: OidcCallbackQuery,
        response: {
          302: redirectTo('Signed in: into the app, with the session cookie set'),
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          502: ErrorResponse,
        },
      },
    },
    async (request, reply: FastifyReply) => {
      const oidc = service();
      const name = flowCookieName(request);
      const flowCookie = cookieValues(request.headers.cookie, name)[0];
      // Spent whatever happens: a sign-in is tried once per start.
      reply.clearCookie(name, flowCookieOptions(request));
      reply.header('cache-control', 'no-store');
      const query = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1 || request.url.length));
      const { pair, next, result } = await oidc.finish(query, flowCookie);
      request.log.info(
        { userId: result.userId, created: result.created, adminGroupMember: result.adminGroupMember },
        'signed in through the identity provider',
      );
      cookies.set(request, reply, pair);
      return reply.redirect(next, 302);
    },
  );
}

export default fp(oidcRoutes, { name: 'oidc-routes', dependencies: ['auth', 'oidc'], encapsulate: true });

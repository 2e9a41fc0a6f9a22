import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse, MessageResponse, bearerAuth } from '../../schemas/common.js';
import {
  ChangePasswordBody,
  Credentials,
  NewCredentials,
  JwksResponse,
  MeResponse,
  ProtectedResponse,
  RefreshBody,
  RegisterResponse,
  TokenPairResponse,
} from './auth.schemas.js';
import fp from 'fastify-plugin';

async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const auth = app.authService;

  app.post(
    '/register',
    {
      schema: {
        operationId: 'register',
        tags: ['auth'],
        summary: 'Create a user account',
        security: [],
        description:
          'Registrations are limited per client address (RATE_LIMIT_REGISTER_PER_IP per RATE_LIMIT_REGISTER_WINDOW seconds); over the limit: 429 with Retry-After. ' +
          'The password needs at least 8 Unicode code points after NFKC normalization (400 PASSWORD_TOO_SHORT otherwise). ' +
          'With OIDC_ONLY=true: 403 PASSWORD_SIGN_IN_DISABLED (accounts are made at the first sign-in through the identity provider). ' +
          'REGISTRATION decides who may register: open (anyone), invite (403 INVITE_REQUIRED without invite_code) or closed ' +
          '(403 REGISTRATION_CLOSED); the first account of an empty database may always register, and becomes the admin. ' +
          'invite_code: a household invitation (the new account joins that household) or an admin invitation (it gets a household ' +
          'of its own, like every account without one); 404 for an unknown code, 410 CODE_EXPIRED for one used or out of date.',
        body: NewCredentials,
        response: {
          201: { ...RegisterResponse, description: 'The account was created' },
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          410: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const id = await auth.register(request.body.username, request.body.password, { ip: request.ip }, request.body.invite_code);
      return reply.status(201).send({ msg: 'User created', id });
    },
  );

  app.post(
    '/login',
    {
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Log in and get an access token and a refresh token',
        security: [],
        description:
          'Each login starts a new session (refresh-token family). Failed attempts are limited per username, whether or not ' +
          'it exists (default 5 per 15 minutes), and per client address (default 20); over the limit: 429 with Retry-After, ' +
          'even for the right password; an attempt holds a slot of both limits while its password is checked, so parallel ' +
          'guesses get no more tries than sequential ones. Unknown user and wrong password get the same 401. ' +
          'With OIDC_ONLY=true: 403 PASSWORD_SIGN_IN_DISABLED (sign in through GET /auth/oidc/start).',
        body: Credentials,
        response: { 200: TokenPairResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => auth.login(request.body.username, request.body.password, { ip: request.ip }),
  );

  app.post(
    '/refresh',
    {
      schema: {
        operationId: 'refreshToken',
        tags: ['auth'],
        summary: 'Trade a refresh token for a new pair (the old refresh token is spent)',
        security: [],
        description:
          'Rotation: the presented refresh token is spent and a new access/refresh pair of the same session is returned. ' +
          'Presenting an already spent refresh token is treated as theft and revokes the whole session: every access and refresh ' +
          'token of that login stops working, for the thief and the owner alike. An access token is never accepted here.',
        body: RefreshBody,
        response: { 200: TokenPairResponse, 401: ErrorResponse },
      },
    },
    async (request) => auth.refresh(request.body.refresh_token),
  );

  app.post(
    '/logout',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'Revoke the presented access token and its refresh-token session',
        security: bearerAuth,
        description:
          'The access token is refused at once on every route (by its jti, until it would have expired), and the refresh ' +
          'tokens and other access tokens of the same login stop working. Other sessions of the user are untouched.',
        // No body is needed; one that is sent is still parsed (400 bad JSON, 413 too large, 415 not JSON).
        response: { 200: MessageResponse, 400: ErrorResponse },
      },
    },
    async (request) => {
      await auth.logout(request.user.claims);
      return { msg: 'Logged out' };
    },
  );

  app.get(
    '/me',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'getMe',
        tags: ['auth'],
        summary: 'The current user',
        security: bearerAuth,
        description: 'The account the access token belongs to: id, username, when it was created, its role and its household.',
        response: { 200: MeResponse },
      },
    },
    async (request) => ({
      ...(await auth.me(request.user.id, await app.householdsService.householdIdOf(request.user.id))),
      default_visibility: app.config.recipeDefaultVisibility,
    }),
  );

  app.put(
    '/me/password',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: 'Change the password; every session of the user is revoked',
        security: bearerAuth,
        description:
          'Needs the current password (401 otherwise). Afterwards every access and refresh token of the user, this one ' +
          'included, is refused; log in again with the new password. Wrong current passwords are limited per user ' +
          '(RATE_LIMIT_PASSWORD_PER_USER, default 5) and per client address (RATE_LIMIT_PASSWORD_PER_IP, default 20) per ' +
          'RATE_LIMIT_PASSWORD_WINDOW seconds (default 900); over the limit: 429 with Retry-After, even for the right password. ' +
          'The new password must have at least 8 Unicode code points after NFKC normalization (400 PASSWORD_TOO_SHORT) and ' +
          'differ from the current one (400 PASSWORD_UNCHANGED).',
        body: ChangePasswordBody,
        response: { 200: MessageResponse },
      },
    },
    async (request) => {
      await auth.changePassword(request.user.id, request.body.current_password, request.body.new_password, { ip: request.ip });
      return { msg: 'Password changed' };
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        operationId: 'getJwks',
        tags: ['auth'],
        summary: 'Public keys that verify access tokens (JWKS)',
        security: [],
        description:
          'Lists the public half of every configured EdDSA/RS256 key by `kid`, newest first, so other services can verify ' +
          'access tokens. Keys being rotated out stay listed until they are removed from JWT_KEYS. HS256 secrets are never published.',
        response: { 200: JwksResponse },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return auth.jwks();
    },
  );

  // A synchronous handler: nothing to wait for, so no promise per request on this hot path.
  app.get(
    '/protected',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'getProtected',
        tags: ['auth'],
        summary: 'Check a token: who am I',
        security: bearerAuth,
        description: "The course's token check: answers the caller's user id as a string when the access token is valid, 401 otherwise.",
        response: { 200: ProtectedResponse },
      },
    },
    (request) => ({ logged_in_as: String(request.user.id) }),
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(authRoutes, { name: 'auth-routes', dependencies: ['auth', 'households'], encapsulate: true });

import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Unauthorized } from '../errors.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { PasswordHasher } from '../modules/auth/passwords.js';
import { DatabaseRevocationStore, type RevocationStore } from '../modules/auth/revocation.js';
import { TokenService } from '../modules/auth/tokens.js';

export interface AuthPluginOptions { revocations?: RevocationStore }

/** Builds the auth service and the `authenticate` hook that every protected route uses. */
export default fp<AuthPluginOptions>(async (app, opts) => {
  const { config, clock } = app;
  const tokens = new TokenService({
    keys: config.jwtKeys,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    accessTtlSec: config.jwtAccessTtl,
    clockToleranceSec: config.jwtClockToleranceSec,
    clock,
  });
  const revocations = opts.revocations ?? new DatabaseRevocationStore(app.db, clock);
  const authService = new AuthService({
    db: app.db, hasher: new PasswordHasher(config.argon2), tokens, revocations, clock, refreshTtlSec: config.jwtRefreshTtl,
  });
  app.decorate('authService', authService);
  app.decorateRequest('user', undefined as unknown as FastifyRequest['user']);
  app.decorate('authenticate', async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const m = header ? /^Bearer ([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*)$/.exec(header) : null;
    if (!m) throw Unauthorized(header ? 'Authorization header must be "Bearer <token>"' : 'Missing Authorization header');
    const claims = await authService.authenticate(m[1]!);
    request.user = { id: claims.userId, claims };
  });
  app.addHook('onClose', async () => { await revocations.close(); });
}, { name: 'auth', dependencies: ['db'] });

import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { Unauthorized } from '../../errors.js';
import { AuthService } from './auth.service.js';
import { AuthThrottle } from './auth.throttle.js';
import { PasswordHasher } from './passwords.js';
import { DatabaseRevocationStore, RedisRevocationStore, type RevocationStore } from './revocation.js';
import { sessionsRepository } from './sessions.repository.js';
import { TokenService } from './tokens.js';

export interface AuthPluginOptions {
  /** A revocation store given by the caller (tests share one between instances); otherwise Redis's or the database's. */
  revocations?: RevocationStore;
}

// The scheme is case-insensitive and followed by one or more spaces (RFC 9110 11.1, 11.4).
const BEARER = /^bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/** How often expired refresh tokens and deny-list rows are deleted. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Builds the auth service and the `authenticate` hook that every protected route uses. */
export default fp<AuthPluginOptions>(
  async (app, opts) => {
    const { config, clock } = app;
    const tokens = new TokenService({
      keys: config.jwtKeys,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      accessTtlSec: config.jwtAccessTtl,
      clockToleranceSec: config.jwtClockToleranceSec,
      clock,
    });
    const revocations =
      opts.revocations ??
      (app.redis
        ? await RedisRevocationStore.create(app.redis, config.redisKeyPrefix, clock, app.log)
        : new DatabaseRevocationStore(app.db, clock));
    app.addHook('onClose', async () => {
      await revocations.close();
    });
    const authService = new AuthService({
      db: app.db,
      hasher: new PasswordHasher(config.argon2, config.passwordHashConcurrency),
      tokens,
      revocations,
      clock,
      refreshTtlSec: config.jwtRefreshTtl,
      throttle: new AuthThrottle(app.rateLimiter, config.rateLimit),
      userCacheTtlMs: config.authUserCacheTtlSec * 1000,
      // Only where revocations live in the same database: a Redis revocation is not a database write.
      dbChangeToken: revocations instanceof DatabaseRevocationStore ? app.database.changeTokens?.auth : undefined,
      passwordSignInDisabled: config.oidc?.only === true,
      accounts: app.householdsService,
    });
    app.decorate('authService', authService);
    app.decorate('revocations', revocations);
    app.decorateRequest('user', undefined as unknown as FastifyRequest['user']);
    // A callback hook. A token that passed every check since the last auth-relevant write (see
    // AuthService.recentlyChecked) is accepted without a promise or a microtask; it is looked up
    // before the header is parsed, as only strings that once matched BEARER's token part are
    // remembered. Anything else is parsed and goes through every check.
    app.decorate('authenticate', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const header = request.headers.authorization;
      const known = header !== undefined && header.startsWith('Bearer ') ? authService.recentlyChecked(header.slice(7)) : undefined;
      if (known) {
        request.user = { id: known.userId, claims: known };
        done();
        return;
      }
      const m = header ? BEARER.exec(header) : null;
      if (!m) {
        done(Unauthorized(header ? 'Authorization header must be "Bearer <token>"' : 'Missing Authorization header'));
        return;
      }
      authService.authenticate(m[1]!).then((claims) => {
        request.user = { id: claims.userId, claims };
        done();
      }, done);
    });

    // Spent/expired refresh tokens and expired deny-list rows would otherwise pile up forever.
    const purge = setInterval(() => {
      const now = Math.floor(clock() / 1000);
      Promise.all([
        sessionsRepository.deleteExpiredRefreshTokens(app.db, now),
        sessionsRepository.deleteExpiredRevocations(app.db, now),
      ]).catch((err) => app.log.warn({ err }, 'purging expired tokens failed'));
    }, PURGE_INTERVAL_MS);
    purge.unref();
    app.addHook('onClose', async () => {
      clearInterval(purge);
    });
  },
  { name: 'auth', dependencies: ['db', 'redis', 'rate-limit', 'households'] },
);

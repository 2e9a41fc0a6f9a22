/**
 * Single sign-on through an OpenID Connect provider: builds the OIDC service when OIDC_ISSUER,
 * OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set (config.ts refused the start if they were set
 * wrongly), decorates it (undefined otherwise) and registers the routes, which are always in the
 * OpenAPI document and answer 404 without a provider.
 */
import fp from 'fastify-plugin';
import { FlowSealer, flowKeyMaterial } from './flow-cookie.js';
import oidcRoutes from './oidc.routes.js';

export default fp(
  async (app) => {
    const { config } = app;
    // openid-client is loaded only when a provider is configured.
    const service =
      config.oidc &&
      new (await import('./oidc.service.js')).OidcService({
        config: config.oidc,
        db: app.db,
        auth: app.authService,
        clock: app.clock,
        // Every instance signs tokens with the same keys, so every instance opens the flow cookie another sealed.
        sealer: new FlowSealer(flowKeyMaterial(config.jwtKeys)),
        log: app.log,
        // OIDC_ADMIN_GROUP decides the account's role at every sign-in (never demoting the last admin).
        applyAdminGroup: (trx, userId, isMember) => app.adminService.applyAdminGroup(trx, userId, isMember),
      });
    app.decorate('oidcService', service);
    await app.register(oidcRoutes);
  },
  { name: 'oidc', dependencies: ['db', 'auth', 'admin'] },
);

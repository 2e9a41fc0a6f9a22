/**
 * Account administration: builds AdminService (roles, admin invitations, password-reset codes,
 * removing accounts) and decorates it (`adminService`). The OIDC plugin hands it the admin-group
 * decision of every sign-in.
 */
import fp from 'fastify-plugin';
import { AdminService } from './admin.service.js';

export default fp(
  async (app) => {
    app.decorate(
      'adminService',
      new AdminService({
        db: app.db,
        clock: app.clock,
        auth: app.authService,
        households: app.householdsService,
        recipes: app.recipesService,
        // The images plugin is registered later; asked only when an account is removed.
        releaseImage: (set) => app.imagesService.release(set),
      }),
    );
  },
  { name: 'admin', dependencies: ['db', 'auth', 'households', 'recipes'] },
);

/**
 * Households: builds HouseholdsService and decorates it (`householdsService`). Registered before
 * auth, which hands every new account to it (its household, its role, REGISTRATION), and before
 * recipes, whose visibility rule asks it who shares the caller's household.
 */
import fp from 'fastify-plugin';
import { HouseholdsService } from './households.service.js';

export default fp(
  async (app) => {
    app.decorate('householdsService', new HouseholdsService({ db: app.db, clock: app.clock, registration: app.config.registration }));
  },
  { name: 'households', dependencies: ['db'] },
);

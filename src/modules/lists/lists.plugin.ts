/**
 * Shopping lists: builds ListsService and the live-event hub (Redis pub/sub across instances
 * when REDIS_URL is set, in process otherwise) and decorates `listsService` and `listEvents`.
 */
import fp from 'fastify-plugin';
import { ListEventsHub } from './list-events.js';
import { listsRepository } from './lists.repository.js';
import { ListsService } from './lists.service.js';

/** Events are kept a day: long enough for a phone to resume, short enough to stay small. */
const EVENTS_KEPT_MS = 24 * 3600 * 1000;

export default fp(
  async (app) => {
    const hub = new ListEventsHub({
      db: app.db,
      redis: app.redis,
      channel: `${app.config.redisKeyPrefix}list-events`,
      onError: (err) => app.log.warn({ err }, 'list events: a live update failed; streams catch up on the next change'),
    });
    await hub.start();
    app.decorate('listEvents', hub);
    app.decorate(
      'listsService',
      new ListsService({
        db: app.db,
        clock: app.clock,
        households: app.householdsService,
        recipes: app.recipeAccess,
        plan: app.planService,
        changed: (id) => hub.changed(id),
      }),
    );
    const prune = setInterval(
      () =>
        void listsRepository
          .pruneEvents(app.db, app.clock() - EVENTS_KEPT_MS)
          .catch((err) => app.log.warn({ err }, 'pruning list events failed')),
      3600_000,
    );
    prune.unref();
    app.addHook('preClose', async () => hub.close());
    app.addHook('onClose', async () => clearInterval(prune));
  },
  { name: 'lists', dependencies: ['db', 'redis', 'households', 'plan'] },
);

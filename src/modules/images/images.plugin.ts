/**
 * Recipes' pictures: builds the images service (database store, encode queue, variant cache) from
 * the app's config and the scraper's fetcher, decorates it, removes pictures no recipe uses at
 * start, and registers the routes (upload, remove, serve).
 */
import fp from 'fastify-plugin';
import { EncodeQueue } from './image-codec.js';
import { DatabaseImageStore } from './image-store.js';
import imagesRoutes from './images.routes.js';
import { ImagesService } from './images.service.js';
import { ByteLru } from '../../lib/byte-lru.js';
import type { CachedVariant } from './images.service.js';

export default fp(
  async (app) => {
    const cfg = app.config.images;
    // Variants are immutable (addressed by their content): a kept one is never stale, so a popular
    // picture is served from memory without a database round trip (IMAGE_CACHE_MB).
    const cache = new ByteLru<string, CachedVariant>(cfg.cacheMb * 1_000_000, (v) => v.bytes.length);
    app.metrics.watchCache('image_variants', () => cache);
    const service = new ImagesService({
      db: app.db,
      dialect: app.database.dialect,
      store: new DatabaseImageStore(app.db),
      clock: app.clock,
      limits: { maxBytes: cfg.maxBytes, maxPixels: cfg.maxPixels },
      queue: new EncodeQueue(cfg.maxConcurrent, cfg.maxQueued),
      cache,
      // Pictures given by URL are read with the scraper's guarded fetcher, within its limits.
      fetcher: app.scrapeFetcher,
      recipeChanged: () => app.recipesService.written(),
      log: app.log,
    });
    app.decorate('imagesService', service);
    const sweep = service
      .sweep()
      .then((n) => {
        if (n > 0) app.log.info({ pictures: n }, 'pictures no recipe uses were removed');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'removing unused pictures failed; the next start tries again'));
    app.addHook('onClose', async () => {
      await sweep;
    });
    await app.register(imagesRoutes);
  },
  { name: 'images', dependencies: ['db', 'auth', 'scrape', 'recipes', 'metrics'] },
);

import fp from 'fastify-plugin';
import type { SafeFetcher } from './safe-fetch.js';
import { createScrapeFetcher } from './scrape.service.js';

export interface ScrapePluginOptions {
  /** A fetcher given by the caller (tests give one with a stubbed DNS lookup); otherwise one is built from config.scrape. */
  fetcher?: SafeFetcher;
}

/**
 * The guarded outbound fetcher (SSRF rules, time and size limits, per-user and global
 * concurrency), decorated as `scrapeFetcher`. One per app, so /scrape and /recipes/import share
 * its concurrency limits; closed with the app, also when the caller gave it.
 */
export default fp<ScrapePluginOptions>(
  async (app, opts) => {
    const fetcher = opts.fetcher ?? createScrapeFetcher(app.config.scrape);
    app.decorate('scrapeFetcher', fetcher);
    app.addHook('onClose', async () => {
      await fetcher.close();
    });
  },
  { name: 'scrape' },
);

import fp from 'fastify-plugin';

/** Longest close() waits for handlers still running (src/server.ts exits by force after 10 s). */
const DRAIN_TIMEOUT_MS = 8_000;

/**
 * Lets every route handler that has started finish before the database, Redis and the other
 * backends close. Fastify stops accepting and waits for open connections before its onClose hooks
 * run, but a handler whose client has already gone (a cancelled request, a load generator that
 * stopped) holds no connection and would otherwise meet a closed database halfway through.
 * Registered after the backend plugins, so its onClose hook runs before theirs.
 */
export default fp(
  async (app) => {
    let running = 0;
    let idle: (() => void) | undefined;
    const finished = () => {
      running -= 1;
      if (running === 0) idle?.();
    };
    app.addHook('onRoute', (route) => {
      const handler = route.handler;
      // Not an async wrapper: a handler that answers synchronously finishes here and keeps Fastify's
      // synchronous path; one that returns a promise is counted until it settles.
      route.handler = function (this: typeof app, request, reply) {
        running += 1;
        let result: unknown;
        try {
          result = handler.call(this, request, reply);
        } catch (err) {
          finished();
          throw err;
        }
        if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
          (result as PromiseLike<unknown>).then(finished, finished);
        } else {
          finished();
        }
        return result as ReturnType<typeof handler>;
      };
    });
    app.addHook('onClose', async () => {
      if (running === 0) return;
      app.log.info({ running }, 'waiting for running handlers before closing the backends');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          app.log.warn({ running }, 'handlers still running after the drain timeout; closing anyway');
          resolve();
        }, DRAIN_TIMEOUT_MS);
        timer.unref();
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    });
  },
  { name: 'drain' },
);

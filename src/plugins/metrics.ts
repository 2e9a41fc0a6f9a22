import cluster from 'node:cluster';
import fp from 'fastify-plugin';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ByteBudgeted, ByteLruStats } from '../lib/byte-lru.js';

export interface Metrics {
  registry: Registry;
  /** The Prometheus text exposition: this process's metrics, or every worker's summed in cluster mode. */
  render(): Promise<{ contentType: string; body: string }>;
  /** Reports a byte-bounded cache as `cache="<name>"` (a function, for a cache that may be replaced). */
  watchCache(name: string, cache: () => ByteBudgeted): void;
}

const CLUSTER_REQUEST = 'gourmet:metrics-request';
const CLUSTER_RESPONSE = 'gourmet:metrics-response';

/**
 * Prometheus metrics with prom-client: requests by route template (never the raw URL, so ids
 * and query strings do not explode the label set) and status, latency histograms, database
 * pool usage and the default process metrics. Each app has its own registry, so several apps
 * in one process (tests) do not clash.
 *
 * In a cluster worker, /metrics asks the primary (src/cluster.ts) for the sum over all workers:
 * a scrape through the shared port would otherwise see whichever worker answered.
 */
export default fp(
  async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const labelNames = ['method', 'route', 'status_code'] as const;
    type LabelSet = { labels: { method: string; route: string; status_code: string }; uncounted: number };
    // Label sets by `method status route`: a bounded set (route templates, not URLs). Each response
    // only adds to its set's tally; the counter takes the tallies whenever it is read (a scrape, or
    // the cluster primary summing workers), so every exposition is exact, and a response costs one map lookup.
    const labelSets = new Map<string, LabelSet>();
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames,
      registers: [registry],
      collect() {
        for (const set of labelSets.values()) {
          if (set.uncounted === 0) continue;
          this.inc(set.labels, set.uncounted);
          set.uncounted = 0;
        }
      },
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency, by route template and status',
      labelNames,
      registers: [registry],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    const pool = (name: string, help: string, pick: (s: NonNullable<ReturnType<typeof app.database.poolStats>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const stats = app.database.poolStats();
          if (stats) this.set(pick(stats));
        },
      });
    pool('db_pool_connections_total', 'PostgreSQL connections open (idle and in use)', (s) => s.total);
    pool('db_pool_connections_idle', 'PostgreSQL connections open and idle', (s) => s.idle);
    pool('db_pool_waiting_requests', 'Queries waiting for a free PostgreSQL connection', (s) => s.waiting);
    pool('db_pool_connections_max', 'Configured PostgreSQL pool size (DB_POOL_SIZE)', (s) => s.max);

    // The in-process caches, each bounded by bytes (src/lib/byte-lru.ts): what they hold against
    // their budget, and how often they had to drop or refuse an answer.
    const caches = new Map<string, { cache: () => ByteBudgeted; reported: Pick<ByteLruStats, 'evictions' | 'refused'> }>();
    const perCache = (name: string, help: string, pick: (c: ByteBudgeted) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['cache'],
        registers: [registry],
        collect() {
          for (const [cache, w] of caches) this.set({ cache }, pick(w.cache()));
        },
      });
    perCache('gourmet_cache_bytes', 'Estimated bytes held by an in-process cache (two per character of text)', (c) => c.bytes);
    perCache(
      'gourmet_cache_budget_bytes',
      'The byte budget of an in-process cache (config: LIST_CACHE_MB, RECIPE_JSON_CACHE_MB, PARSE_CACHE_MB)',
      (c) => c.maxBytes,
    );
    perCache('gourmet_cache_entries', 'Entries held by an in-process cache', (c) => c.size);
    const dropped = (name: string, help: string, field: 'evictions' | 'refused') =>
      new Counter({
        name,
        help,
        labelNames: ['cache'],
        registers: [registry],
        collect() {
          for (const [cache, w] of caches) {
            // A replaced cache starts from 0: count from there.
            const now = w.cache().stats[field];
            if (now < w.reported[field]) w.reported[field] = 0;
            this.inc({ cache }, now - w.reported[field]);
            w.reported[field] = now;
          }
        },
      });
    dropped('gourmet_cache_evictions_total', 'Entries an in-process cache dropped to stay within its byte budget', 'evictions');
    dropped(
      'gourmet_cache_refused_total',
      'Values an in-process cache did not keep because each was over an eighth of its budget',
      'refused',
    );

    // A callback hook: no promise per request.
    app.addHook('onResponse', (request, reply, done) => {
      // Unmatched URLs (404s) share one label value instead of one per scanned path.
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let set = labelSets.get(key);
      if (!set) {
        set = { labels: { method: request.method, route, status_code: String(reply.statusCode) }, uncounted: 0 };
        labelSets.set(key, set);
      }
      set.uncounted += 1;
      duration.observe(set.labels, reply.elapsedTime / 1000);
      done();
    });

    let render: Metrics['render'] = async () => ({ contentType: registry.contentType, body: await registry.metrics() });
    if (cluster.isWorker && process.send) {
      // Constructing an AggregatorRegistry installs prom-client's worker-side listener, which
      // answers the primary with the registries named here.
      new AggregatorRegistry();
      AggregatorRegistry.setRegistries([registry]);
      let nextId = 0;
      const pending = new Map<number, (msg: { body?: string; error?: string }) => void>();
      const onMessage = (msg: { type?: string; id?: number; body?: string; error?: string }) => {
        if (msg?.type === CLUSTER_RESPONSE && typeof msg.id === 'number') pending.get(msg.id)?.(msg);
      };
      process.on('message', onMessage);
      app.addHook('onClose', async () => {
        process.off('message', onMessage);
      });
      render = () =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error('cluster metrics timed out'));
          }, 5000);
          pending.set(id, (msg) => {
            clearTimeout(timer);
            pending.delete(id);
            if (msg.error !== undefined || msg.body === undefined) reject(new Error(msg.error ?? 'no metrics'));
            else resolve({ contentType: registry.contentType, body: msg.body });
          });
          process.send!({ type: CLUSTER_REQUEST, id });
        });
    }
    const watchCache: Metrics['watchCache'] = (name, cache) => {
      caches.set(name, { cache, reported: { evictions: 0, refused: 0 } });
    };
    app.decorate('metrics', { registry, render: () => render(), watchCache } satisfies Metrics);
  },
  { name: 'metrics', dependencies: ['db'] },
);

/** In the cluster primary: answer workers' /metrics with the sum over all workers. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, msg: { type?: string; id?: number }) => {
    if (msg?.type !== CLUSTER_REQUEST) return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: CLUSTER_RESPONSE, id: msg.id, body }),
      (err: Error) => worker.send({ type: CLUSTER_RESPONSE, id: msg.id, error: err.message }),
    );
  });
}

import 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import type { Database } from './db/tables.js';
import type { AuthService } from './modules/auth/auth.service.js';
import type { RevocationStore } from './modules/auth/revocation.js';
import type { RateLimiter } from './modules/rate-limit/rate-limiter.js';
import type { AccessClaims, Clock } from './modules/auth/tokens.js';
import type { RecipesService } from './modules/recipes/recipes.service.js';
import type { ImagesService } from './modules/images/images.service.js';
import type { IngredientWork } from './modules/recipes/ingredient-work.js';
import type { Metrics } from './plugins/metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    clock: Clock;
    db: Kysely<Database>;
    database: DatabaseHandle;
    authService: AuthService;
    /** The shared Redis when REDIS_URL is set, otherwise null. */
    redis: Redis | null;
    rateLimiter: RateLimiter;
    revocations: RevocationStore;
    recipesService: RecipesService;
    imagesService: ImagesService;
    ingredientWork: IngredientWork;
    metrics: Metrics;
    /** onRequest hook: 401 unless a valid, unrevoked Bearer access token is sent; sets request.user. */
    authenticate: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;
  }
  interface FastifyRequest {
    user: { id: number; claims: AccessClaims };
  }
}

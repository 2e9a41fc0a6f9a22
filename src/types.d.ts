import 'fastify';
import type { FastifySchemaCompiler } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import type { Clock } from './lib/clock.js';
import type { Db } from './lib/db.js';
import type { AuthService } from './modules/auth/auth.service.js';
import type { RevocationStore } from './modules/auth/revocation.js';
import type { RateLimiter } from './modules/rate-limit/rate-limiter.js';
import type { AccessClaims } from './modules/auth/tokens.js';
import type { RecipesService } from './modules/recipes/recipes.service.js';
import type { ImagesService } from './modules/images/images.service.js';
import type { ImportsService } from './modules/moving/imports.service.js';
import type { ExportService } from './modules/moving/export.service.js';
import type { IngredientWork } from './modules/recipes/ingredient-work.js';
import type { RecipeListCaches } from './modules/recipes/list-cache.js';
import type { RecipeJsonCache } from './modules/recipes/recipe-json-cache.js';
import type { SummaryBuilder } from './modules/recipes/search/summary-builder.js';
import type { WrittenTerms } from './modules/recipes/search/summary-watch.js';
import type { SafeFetcher } from './modules/scrape/safe-fetch.js';
import type { HouseholdsService } from './modules/households/households.service.js';
import type { AdminService } from './modules/admin/admin.service.js';
import type { ListsService } from './modules/lists/lists.service.js';
import type { ListEventsHub } from './modules/lists/list-events.js';
import type { PlanService } from './modules/plan/plan.service.js';
import type { RecipeAccess } from './modules/plan/recipe-access.js';
import type { OidcService } from './modules/oidc/oidc.service.js';
import type { Metrics } from './plugins/metrics.js';
import type { HostPolicy } from './lib/host-policy.js';
import type { DeferredCompilation } from './plugins/deferred-compilation.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    clock: Clock;
    /** Route validators and serializers not yet compiled (plugins/deferred-compilation.ts). */
    schemaCompilation: DeferredCompilation;
    /** The app's validator compiler (src/plugins/validation.ts), for routes that wrap it. */
    jsonValidatorCompiler: FastifySchemaCompiler<unknown>;
    db: Db;
    database: DatabaseHandle;
    authService: AuthService;
    /** The shared Redis when REDIS_URL is set, otherwise null. */
    redis: Redis | null;
    rateLimiter: RateLimiter;
    revocations: RevocationStore;
    recipesService: RecipesService;
    householdsService: HouseholdsService;
    adminService: AdminService;
    planService: PlanService;
    listsService: ListsService;
    /** The live lists' hub (lists/list-events.ts). */
    listEvents: ListEventsHub;
    /** The recipe lookup the plan and the lists share: applies the recipes' visibility (plan/recipe-access.ts). */
    recipeAccess: RecipeAccess;
    imagesService: ImagesService;
    /** Imports of other apps' exports (modules/moving). */
    importsService: ImportsService;
    /** GET /export (modules/moving). */
    exportService: ExportService;
    ingredientWork: IngredientWork;
    /** The listing answers kept for GET /recipes and GET /tags (recipes.plugin.ts, list-cache.ts). */
    recipeListCaches: RecipeListCaches;
    /** The recipes' JSON texts kept per stored version (recipes.plugin.ts, recipe-json-cache.ts). */
    recipeJsonTexts: RecipeJsonCache;
    /** SQLite on a file: the worker that builds search summaries (recipes.plugin.ts); undefined otherwise. */
    summaryBuilder: SummaryBuilder;
    writtenTerms: WrittenTerms;
    /** The guarded outbound fetcher that /scrape and /recipes/import share (scrape.plugin.ts). */
    scrapeFetcher: SafeFetcher;
    metrics: Metrics;
    /** The host names this deployment serves (plugins/host-policy.ts). */
    hostPolicy: HostPolicy;
    /** Single sign-on (oidc.plugin.ts), when an OpenID Connect provider is configured; undefined otherwise. */
    oidcService: OidcService | undefined;
    /** onRequest hook: 401 unless a valid, unrevoked Bearer access token is sent; sets request.user. */
    authenticate: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;
  }
  interface FastifyRequest {
    user: { id: number; claims: AccessClaims };
  }
}

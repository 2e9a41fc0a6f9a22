import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { ErrorResponse, ValidationErrorResponse, bearerAuth } from '../../schemas/common.js';
import { FeedQuery, FeedToken, PlanCreate, PlanEntries, PlanEntry, PlanParams, PlanRange, PlanUpdate } from './plan.schemas.js';

const tags = ['plan'];
const errors = { 400: ValidationErrorResponse, 401: ErrorResponse };

/** Routes that need the caller's token. */
async function protectedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const plan = app.planService;
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/plan',
    {
      schema: {
        operationId: 'getPlan',
        tags,
        summary: 'The household’s plan from one date to another (both included, at most 92 days)',
        description:
          'Entries by date, then slot. `recipe` is the recipe’s summary; a recipe the caller may not see shows as `recipe_id` and `recipe` null. ' +
          '`servings` is the entry’s, else the recipe’s.',
        security: bearerAuth,
        querystring: PlanRange,
        response: { 200: PlanEntries, ...errors },
      },
    },
    async (request) => plan.range(request.user.id, request.query.from, request.query.to),
  );

  app.post(
    '/plan',
    {
      schema: {
        operationId: 'createPlanEntry',
        tags,
        summary: 'Plan a recipe, a note, or both for a date and slot',
        description: 'servings default to the recipe’s. 404 for a recipe the caller may not see.',
        security: bearerAuth,
        body: PlanCreate,
        response: { 201: PlanEntry, ...errors, 404: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await plan.create(request.user.id, request.body)),
  );

  app.put(
    '/plan/:id',
    {
      schema: {
        operationId: 'updatePlanEntry',
        tags,
        summary: 'Change or move an entry (any of its fields)',
        description:
          'A new recipe without servings brings its own. 404 for an entry of another household or a recipe the caller may not see.',
        security: bearerAuth,
        params: PlanParams,
        body: PlanUpdate,
        response: { 200: PlanEntry, ...errors, 404: ErrorResponse },
      },
    },
    async (request) => plan.update(request.user.id, request.params.id, request.body),
  );

  app.delete(
    '/plan/:id',
    {
      schema: {
        operationId: 'deletePlanEntry',
        tags,
        summary: 'Delete an entry',
        description: 'Any member may delete any entry of the household’s plan. 404 for an entry of another household.',
        security: bearerAuth,
        params: PlanParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await plan.delete(request.user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/plan/feed-token',
    {
      schema: {
        operationId: 'createPlanFeedToken',
        tags,
        summary: 'A token for the plan’s calendar feed (GET /plan.ics?token=)',
        description:
          'Calendar apps cannot send headers, so the feed takes its token in the URL: it reads only the plan, and is revoked by DELETE ' +
          'or replaced by asking again. Shown only now; the server keeps its SHA-256 hash.',
        security: bearerAuth,
        response: { 201: FeedToken, 401: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await plan.newFeedToken(request.user.id)),
  );

  app.delete(
    '/plan/feed-token',
    {
      schema: {
        operationId: 'revokePlanFeedToken',
        tags,
        summary: 'Revoke the caller’s calendar feed token',
        description: 'The feed answers 401 to it from now on. 404 when the caller has none.',
        security: bearerAuth,
        response: { 204: { type: 'null', description: 'Revoked' }, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await plan.revokeFeedToken(request.user.id);
      return reply.status(204).send(null);
    },
  );
}

/** The calendar feed: its token is in the URL (calendar apps send no headers). */
async function feedRoute(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/plan.ics',
    {
      schema: {
        operationId: 'getPlanCalendar',
        tags,
        summary: 'The household’s plan as an iCalendar feed, a month back to three months ahead',
        description: 'One all-day event per entry. 401 without a token, or with one unknown or revoked.',
        querystring: FeedQuery,
        response: {
          200: {
            description: 'The plan as iCalendar (RFC 5545)',
            content: { 'text/calendar': { schema: Type.String({ maxLength: 10_000_000 }) } },
          },
          400: ValidationErrorResponse,
          401: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const text = await app.planService.feed(request.query.token);
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(text);
    },
  );
}

async function planRoutes(app: FastifyInstance) {
  await app.register(protectedRoutes);
  await app.register(feedRoute);
}

export default fp(planRoutes, { name: 'plan-routes', dependencies: ['auth', 'plan'], encapsulate: true });

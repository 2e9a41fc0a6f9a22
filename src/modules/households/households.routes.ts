import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorResponse, ValidationErrorResponse, bearerAuth } from '../../schemas/common.js';
import { Household, HouseholdRename, Invitation, JoinBody, MemberParams } from './households.schemas.js';

async function householdsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const households = app.householdsService;
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/household',
    {
      schema: {
        operationId: 'getHousehold',
        tags: ['households'],
        summary: 'The caller’s household and its members',
        description:
          'Every account is in exactly one household; a new account gets one of its own, named after it. Members are listed oldest account first.',
        security: bearerAuth,
        response: { 200: Household },
      },
    },
    async (request) => households.get(request.user.id),
  );

  app.put(
    '/household',
    {
      schema: {
        operationId: 'renameHousehold',
        tags: ['households'],
        summary: 'Rename the caller’s household',
        description: 'Any member may rename it; the name is trimmed (1-100 characters).',
        security: bearerAuth,
        body: HouseholdRename,
        response: { 200: Household, 400: ValidationErrorResponse },
      },
    },
    async (request) => households.rename(request.user.id, request.body.name.trim()),
  );

  app.post(
    '/household/invitations',
    {
      schema: {
        operationId: 'inviteToHousehold',
        tags: ['households'],
        summary: 'A single-use code that lets another account join the caller’s household',
        description:
          'Valid 7 days, spent by the first POST /household/join (or POST /register with invite_code) that uses it. ' +
          'The code is shown only in this answer; the server keeps only its SHA-256 hash.',
        security: bearerAuth,
        response: { 201: Invitation },
      },
    },
    async (request, reply) => reply.status(201).send(await households.invite(request.user.id)),
  );

  app.post(
    '/household/join',
    {
      schema: {
        operationId: 'joinHousehold',
        tags: ['households'],
        summary: 'Spend a household invitation and move into that household',
        description:
          'Of two joins with one code exactly one succeeds. The caller’s former household is deleted if nobody is left in it; ' +
          'their recipes move with them (visibility household then means the new household). 404 for an unknown code, ' +
          '410 CODE_EXPIRED for one already used or past its 7 days, 409 for an invitation to the caller’s own household (nothing is spent).',
        security: bearerAuth,
        body: JoinBody,
        response: { 200: Household, 400: ValidationErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 410: ErrorResponse },
      },
    },
    async (request) => households.join(request.user.id, request.body.code),
  );

  app.delete(
    '/household/members/:user_id',
    {
      schema: {
        operationId: 'removeHouseholdMember',
        tags: ['households'],
        summary: 'Remove a member from the caller’s household (the caller’s own id: leave it)',
        description:
          'Any member may remove any member of their own household, themselves included. The one removed gets a new household of ' +
          'their own, named after them, and keeps their recipes. 404 for someone not in the caller’s household; ' +
          '409 LAST_MEMBER for the household’s only member.',
        security: bearerAuth,
        params: MemberParams,
        response: {
          204: { type: 'null', description: 'Removed' },
          400: ValidationErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      await households.removeMember(request.user.id, request.params.user_id);
      return reply.status(204).send(null);
    },
  );
}

export default fp(householdsRoutes, { name: 'households-routes', dependencies: ['auth', 'households'], encapsulate: true });

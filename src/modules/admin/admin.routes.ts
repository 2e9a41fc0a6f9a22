import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorResponse, ValidationErrorResponse, adminBearerAuth } from '../../schemas/common.js';
import { Invitation } from '../households/households.schemas.js';
import {
  AdminUserList,
  AdminUsersQuery,
  PasswordResetBody,
  PasswordResetDone,
  RemovedAccount,
  ResetCode,
  UserParams,
} from './admin.schemas.js';

const ADMIN_ONLY = 'Admins only: 403 FORBIDDEN for any other account.';

async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = app.adminService;
  const forbidden = { ...ErrorResponse, description: 'The caller is not an admin' };

  app.get(
    '/admin/users',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'listUsers',
        tags: ['admin'],
        summary: 'Every account, oldest first',
        description: `${ADMIN_ONLY} The number of accounts is in X-Total-Count.`,
        security: adminBearerAuth,
        querystring: AdminUsersQuery,
        response: {
          200: {
            ...AdminUserList,
            headers: {
              'X-Total-Count': {
                type: 'integer',
                format: 'int32',
                minimum: 0,
                maximum: 2_147_483_647,
                description: 'How many accounts there are',
              },
            },
          },
          400: ValidationErrorResponse,
          403: forbidden,
        },
      },
    },
    async (request, reply) => {
      const q = request.query as AdminUsersQuery;
      const { rows, total } = await admin.users(request.user.id, q.limit ?? 100, q.offset ?? 0);
      reply.header('x-total-count', String(total));
      return rows;
    },
  );

  app.post(
    '/admin/invitations',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'createAdminInvitation',
        tags: ['admin'],
        summary: 'A single-use code that lets someone register where REGISTRATION=invite',
        description: `${ADMIN_ONLY} Valid 7 days; the new account gets a household of its own. Only the code's hash is kept.`,
        security: adminBearerAuth,
        response: { 201: Invitation, 403: forbidden },
      },
    },
    async (request, reply) => reply.status(201).send(await admin.invite(request.user.id)),
  );

  app.post(
    '/admin/users/:id/password-reset',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'createPasswordReset',
        tags: ['admin'],
        summary: 'A one-time code with which the account’s owner sets a new password (POST /password-reset)',
        description: `${ADMIN_ONLY} Valid one hour; only its hash is kept. 404 for an unknown account.`,
        security: adminBearerAuth,
        params: UserParams,
        response: { 201: ResetCode, 400: ValidationErrorResponse, 403: forbidden, 404: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await admin.createReset(request.user.id, request.params.id)),
  );

  app.delete(
    '/admin/users/:id',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'removeUser',
        tags: ['admin'],
        summary: 'Remove an account',
        description:
          `${ADMIN_ONLY} Its private recipes are deleted. Its household and public recipes pass to another member of its household ` +
          '(the oldest account) when it has one; otherwise they are deleted too. Its sessions end at once. ' +
          '409 LAST_ADMIN for the only admin (an admin may remove themselves when another admin remains); 404 for an unknown account.',
        security: adminBearerAuth,
        params: UserParams,
        response: { 200: RemovedAccount, 400: ValidationErrorResponse, 403: forbidden, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => admin.removeUser(request.user.id, request.params.id),
  );

  app.post(
    '/password-reset',
    {
      schema: {
        operationId: 'resetPassword',
        tags: ['auth'],
        summary: 'Set a new password with a reset code an admin made',
        description:
          'Spends the code (one time; of two uses at once exactly one succeeds), sets the new password and ends every session of the ' +
          'account (every access and refresh token stops working). 404 for an unknown code, 410 CODE_EXPIRED for one used or older ' +
          'than an hour; 400 PASSWORD_TOO_SHORT as on register.',
        security: [],
        body: PasswordResetBody,
        response: { 200: PasswordResetDone, 400: ValidationErrorResponse, 404: ErrorResponse, 410: ErrorResponse },
      },
    },
    async (request) => {
      await admin.resetPassword(request.body.code, request.body.new_password);
      return { msg: 'Password changed' as const };
    },
  );
}

export default fp(adminRoutes, { name: 'admin-routes', dependencies: ['auth', 'admin'], encapsulate: true });

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ServiceUnavailable } from '../../errors.js';
import { ErrorResponse } from '../../schemas/common.js';

export default async function healthRoutes(app: FastifyInstance) {
  app.get('/health', {
    schema: {
      tags: ['ops'], summary: 'Liveness and database reachability',
      response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: ErrorResponse },
    },
  }, async () => {
    try {
      await app.database.ping();
    } catch (err) {
      throw Object.assign(ServiceUnavailable('Database is unreachable'), { cause: err });
    }
    return { status: 'ok' as const };
  });
}

/**
 * GET /lists/{id}/events: a list's changes as Server-Sent Events, from whichever instance made
 * them (list-events.ts). Authenticated like every route: a Bearer header, or (a browser's
 * EventSource sends no header) a single-use ticket of a minute asked for with the header. The
 * stream ends when the session does: at the access token's expiry, or at the first heartbeat
 * after a logout; the client reconnects with a new token or ticket and its Last-Event-ID.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { Unauthorized } from '../../errors.js';
import { ErrorResponse, ValidationErrorResponse, bearerAuth } from '../../schemas/common.js';
import type { ListEvent } from './list-events.js';
import { EventTicket, EventsQuery, ListParams } from './lists.schemas.js';

const LAST_EVENT_ID = /^\d{1,15}$/;

async function listEventsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const lists = app.listsService;
  const heartbeatMs = app.config.listEventsHeartbeatSec * 1000;

  app.post(
    '/lists/:id/events/ticket',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'createListEventsTicket',
        tags: ['lists'],
        summary: 'A single-use ticket, valid 60 seconds, to open the list’s event stream from a browser',
        description: 'EventSource sends no Authorization header: GET /lists/{id}/events?ticket= takes this instead. Only its hash is kept.',
        security: bearerAuth,
        params: ListParams,
        response: { 201: EventTicket, 400: ValidationErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await lists.ticket(request.user.id, request.params.id, request.user.claims)),
  );

  const byHeaderOrTicket = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.headers.authorization !== undefined) return app.authenticate(request, reply, done);
    const ticket = (request.query as { ticket?: unknown }).ticket;
    const id = Number((request.params as { id?: unknown }).id);
    if (typeof ticket !== 'string' || !Number.isInteger(id)) return done(Unauthorized('Missing Authorization header or ticket'));
    lists.spendTicket(ticket, id).then((user) => {
      request.user = user;
      done();
    }, done);
  };

  app.get(
    '/lists/:id/events',
    {
      onRequest: byHeaderOrTicket,
      schema: {
        operationId: 'getListEvents',
        tags: ['lists'],
        summary: 'Every change to the list, live, as Server-Sent Events',
        description:
          'Events: `items` (`{"items": [item], "removed": [item ids]}`: items made or changed, items gone), `renamed` (`{"name"}`), ' +
          '`deleted` (the stream then ends), `end` (`{"reason": "session"}`: the session ended; reconnect with a new token). ' +
          'Each event has an `id`: send the last one seen as `Last-Event-ID` to get what was missed (kept a day). A comment line every ' +
          'LIST_EVENTS_HEARTBEAT_SEC seconds keeps proxies from closing the stream.',
        security: [...bearerAuth, {}],
        params: ListParams,
        querystring: EventsQuery,
        response: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: { type: 'string', maxLength: 1_000_000_000 } } },
          },
          400: ValidationErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const listId = request.params.id;
      await lists.get(request.user.id, listId);
      const header = request.headers['last-event-id'];
      const lastEventId = typeof header === 'string' && LAST_EVENT_ID.test(header) ? Number(header) : null;
      const { claims } = request.user;
      const raw = reply.raw;
      // The headers the reply gathered so far (the security plugin's, the request id, CORS) go
      // out with the stream: hijacked, the reply would otherwise never send them.
      const gathered = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined)) as Record<
        string,
        string | number | string[]
      >;
      reply.hijack();
      raw.writeHead(200, {
        ...gathered,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: 3000\n\n`);
      let open = true;
      const timers: NodeJS.Timeout[] = [];
      let remove = () => {};
      const end = (reason?: string) => {
        if (!open) return;
        open = false;
        timers.forEach((t) => clearTimeout(t));
        remove();
        if (reason) raw.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
        raw.end();
      };
      const send = (e: ListEvent) => {
        if (!open) return;
        raw.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${e.data}\n\n`);
        if (e.type === 'deleted') end();
      };
      request.raw.on('close', () => end());
      const sessionLeftMs = claims.exp * 1000 - app.clock();
      if (sessionLeftMs <= 0) return end('session');
      timers.push(setTimeout(() => end('session'), Math.min(sessionLeftMs, 2_147_000_000)));
      timers.push(
        setInterval(() => {
          if (!open) return;
          raw.write(': heartbeat\n\n');
          app.revocations.isRevoked(claims).then(
            (revoked) => revoked && end('session'),
            () => {},
          );
        }, heartbeatMs),
      );
      try {
        remove = await app.listEvents.listen(listId, lastEventId, { last: 0, ready: false, send, end: () => end('closing') });
      } catch (err) {
        request.log.warn({ err }, 'opening a list stream failed');
        return end();
      }
      if (!open) remove();
    },
  );
}

export default fp(listEventsRoutes, { name: 'list-events-routes', dependencies: ['auth', 'lists'], encapsulate: true });

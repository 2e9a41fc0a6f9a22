import { PassThrough } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { BadRequest } from '../../errors.js';
import { ErrorResponse, ValidationErrorResponse } from '../../schemas/common.js';
import type { ImportJobView } from './imports.service.js';
import { BINARY, ImportIdParams, ImportJob, ImportQuery, UPLOAD_TYPES } from './moving.schemas.js';

const bearer = [{ BearerAuth: [] }];
/** How often a progress stream looks at the job when the process saving it is another one. */
const POLL_MS = 1000;

/** The raw bytes are read by the import worker, not by a schema (which only documents them). */
function bodyValidatorCompiler(app: FastifyInstance): FastifySchemaCompiler<unknown> {
  const json = app.jsonValidatorCompiler;
  return (req) => (req.httpPart === 'body' ? () => true : json(req));
}

const sseEvent = (view: ImportJobView) =>
  `event: ${view.status === 'running' ? 'progress' : view.status}\ndata: ${JSON.stringify(view)}\n\n`;

export default async function importsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const imports = app.importsService;
  const { maxBytes } = app.config.moving;

  // Only here (this plugin's context): any body is read as bytes, at most IMPORT_MAX_BYTES; what
  // it is, is decided by its content. A larger Content-Length is refused before reading (413).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/imports',
    {
      onRequest: app.authenticate,
      validatorCompiler: bodyValidatorCompiler(app),
      schema: {
        operationId: 'createImport',
        tags: ['moving'],
        summary: "Import another app's export (or this service's own) into your recipes",
        security: bearer,
        description:
          'The body is the file itself (a zip, JSON, CSV or HTML; any Content-Type). It is read in a worker before the answer: an archive over ' +
          `IMPORT_MAX_BYTES (${maxBytes} bytes; 413 from Content-Length), IMPORT_MAX_ENTRIES entries (413 ARCHIVE_TOO_MANY_ENTRIES) or ` +
          'IMPORT_MAX_EXPANDED_BYTES expanded (413 ARCHIVE_TOO_LARGE), expanding more than IMPORT_MAX_RATIO times (422 ARCHIVE_RATIO), with an ' +
          'entry name that escapes it (../, absolute, drive letter, NUL: 422 ARCHIVE_UNSAFE_NAME), a symbolic link (422 ARCHIVE_SYMLINK), archives ' +
          'nested more than one level (422 ARCHIVE_NESTED), or damaged (422 ARCHIVE_CORRUPT) is refused with nothing stored; so is a file of no ' +
          'known format (422 IMPORT_FORMAT_UNKNOWN) or not of the format named (422 IMPORT_FORMAT_MISMATCH). Nothing from an archive is written ' +
          'to disk. Then 202 with the job, whose recipes are saved in the background: follow it with GET /imports/{id} or its events. One ' +
          'running import per user (409 IMPORT_RUNNING, Location naming it). HTML in the file becomes plain text; spreadsheet formulas are ' +
          'kept as text, never evaluated; fields this service has no place for are appended to the method under "Notes:"; pictures inside ' +
          'the file are stored like uploads (a picture that does not decode leaves its recipe without one).',
        querystring: ImportQuery,
        body: {
          content: Object.fromEntries(
            UPLOAD_TYPES.map((type) => [type, { schema: { ...BINARY, maxLength: maxBytes, description: 'The export file' } }]),
          ),
        },
        response: {
          202: {
            ...ImportJob,
            description: 'The file was read; its recipes are being saved',
            headers: { Location: { type: 'string', maxLength: 60, description: 'The job: /imports/{id}', example: '/imports/0b7c…' } },
          },
          400: ValidationErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw BadRequest('Send the export file as the body');
      const job = await imports.start(request.user.id, body, request.query.format ?? 'auto', request.query.duplicates ?? false);
      return reply
        .status(202)
        .header('location', `/imports/${job.id}`)
        .send(job as never);
    },
  );

  app.get(
    '/imports/:id',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'getImport',
        tags: ['moving'],
        summary: 'How far an import of yours has gone',
        security: bearer,
        description: "Progress, the ids created and every skipped recipe with its reason. Another user's import is 404.",
        params: ImportIdParams,
        response: { 200: ImportJob, 400: ValidationErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => (await imports.get(request.user.id, request.params.id)) as never,
  );

  app.get(
    '/imports/:id/events',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'getImportEvents',
        tags: ['moving'],
        summary: "An import's progress as Server-Sent Events",
        security: bearer,
        description:
          'text/event-stream: at once the job as it is (event `progress`, or `done`/`failed` when it has ended), then an event with the whole ' +
          'job (as GET /imports/{id}) on every change, ending with `done` or `failed`, after which the stream closes.',
        params: ImportIdParams,
        response: {
          200: {
            description: 'The event stream; each data line is an ImportJob as JSON',
            content: {
              'text/event-stream': {
                schema: {
                  type: 'string',
                  maxLength: 100_000_000,
                  description: 'event: progress|done|failed, data: the ImportJob JSON',
                  example: 'event: progress\ndata: {"id":"…","status":"running","total":218,"done":40,…}\n\n',
                },
              },
            },
          },
          400: ValidationErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const userId = request.user.id;
      const first = await imports.get(userId, request.params.id);
      const stream = new PassThrough();
      let last = '';
      let ended = false;
      const send = (view: ImportJobView) => {
        if (ended) return;
        const text = sseEvent(view);
        if (text === last) return;
        last = text;
        stream.write(text);
        if (view.status !== 'running') finish();
      };
      const unsubscribe = imports.subscribe(first.id, send);
      const timer = setInterval(() => {
        imports.get(userId, first.id).then(send, () => finish());
      }, POLL_MS);
      timer.unref();
      function finish() {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearInterval(timer);
        stream.end();
      }
      reply.raw.on('close', finish);
      send(first);
      return reply
        .type('text/event-stream')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(stream as never);
    },
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { AppError, BadRequest, NotFound } from '../../errors.js';
import { requestViewer } from '../recipes/visibility.js';
import { ErrorResponse, ValidationErrorResponse } from '../../schemas/common.js';
import { JSON_TYPE, recipeJson } from '../recipes/recipe-json.js';
import { Recipe, RecipeIdParams } from '../recipes/recipes.schemas.js';
import { etagListMatches, etagOf } from '../recipes/recipe-etag.js';
import { BINARY, ImageUrlBody, UPLOAD_TYPES, VariantParams } from './images.schemas.js';

const bearer = [{ BearerAuth: [] }];
const IMMUTABLE = 'public, max-age=31536000, immutable';
const VARIANT_FILE = /^([0-9a-f]{64})\.webp$/;

/**
 * The raw bytes of an upload are checked by the service (sniffed, decoded), not by a schema: the
 * binary body schemas only document them, and accept the Buffer the image parser gives.
 */
function bodyValidatorCompiler(app: FastifyInstance): FastifySchemaCompiler<unknown> {
  const json = app.jsonValidatorCompiler;
  return (req) => ((req.schema as { format?: string }).format === 'binary' ? () => true : json(req));
}

export default async function imagesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const images = app.imagesService;
  const { maxBytes, maxPixels } = app.config.images;
  /** Owner only: 404 for a recipe the caller may not see (as every route of a recipe), 403 for one they see but do not own. */
  const ownerOnly = async (request: FastifyRequest, id: number) => {
    try {
      await images.assertOwner(request.user.id, id);
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 403) await app.recipesService.assertVisible(id, requestViewer(app, request));
      throw err;
    }
  };

  // Only on these routes (this plugin's context): any image/* body is read as bytes, at most
  // IMAGE_MAX_BYTES. Fastify refuses a larger Content-Length before reading anything and stops
  // reading a body without one (chunked) as soon as it passes the limit: 413 either way.
  app.addContentTypeParser(/^image\/[\w.+-]+$/i, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  app.put(
    '/recipes/:id/image',
    {
      onRequest: app.authenticate,
      // 404 and 403 before the body is read: a stranger's 10 MiB are not waited for.
      preParsing: async (request) => {
        const id = Number((request.params as Record<string, unknown>).id);
        if (Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647) await ownerOnly(request, id);
      },
      validatorCompiler: bodyValidatorCompiler(app),
      schema: {
        operationId: 'putRecipeImage',
        tags: ['recipes'],
        summary: "Set the recipe's picture (upload its bytes, or give its URL); owner only",
        security: bearer,
        description:
          `The body is the picture's bytes (Content-Type ${UPLOAD_TYPES.join(', ')}), or JSON {"url"} of a picture on the web, fetched like a page to scrape ` +
          '(the same address rules, redirects checked at every hop, the same time limit). What counts is what the bytes are, whatever Content-Type says: ' +
          `415 for anything that is not a JPEG, PNG, WebP, AVIF or GIF (SVG and HTML included); 413 over IMAGE_MAX_BYTES (${maxBytes} bytes, refused from ` +
          `Content-Length before the body is read); 422 for a picture that does not decode, is truncated, or declares more than IMAGE_MAX_PIXELS (${maxPixels}) pixels; ` +
          '503 with Retry-After when too many pictures are being processed. The picture is decoded and re-encoded (orientation applied, sRGB, no metadata: ' +
          'EXIF, GPS, XMP and comments are dropped, no byte of the upload is served back) as WebP at widths up to 320, 640 and 1280, never enlarged. ' +
          "A refused picture changes nothing (the old one stays); the replaced one is removed when no other recipe shows it. The recipe's version (ETag) moves.",
        params: RecipeIdParams,
        body: {
          content: {
            ...Object.fromEntries(
              UPLOAD_TYPES.map((type) => [
                type,
                { schema: { ...BINARY, maxLength: maxBytes, description: "The picture's bytes (at most IMAGE_MAX_BYTES)" } },
              ]),
            ),
            'application/json': { schema: ImageUrlBody },
          },
        },
        response: {
          200: {
            ...Recipe,
            description: 'The recipe with its new picture in image',
            headers: { ETag: { type: 'string', maxLength: 64, description: "The recipe's new version", example: '"42-2"' } },
          },
          400: ValidationErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
          502: ErrorResponse,
          503: ErrorResponse,
          504: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body as unknown;
      // A request without a body (no Content-Type, so no parser and no schema ran) has neither.
      if (!Buffer.isBuffer(body) && typeof (body as ImageUrlBody | undefined)?.url !== 'string') {
        throw BadRequest(
          'Send the picture\'s bytes (Content-Type image/jpeg, image/png, image/webp, image/avif or image/gif) or JSON {"url"}',
        );
      }
      const row = Buffer.isBuffer(body)
        ? await images.setFromBytes(request.user.id, id, body)
        : await images.setFromUrl(request.user.id, id, (body as ImageUrlBody).url);
      reply.header('etag', etagOf(row));
      return reply.type(JSON_TYPE).send(recipeJson(row) as never);
    },
  );

  app.delete(
    '/recipes/:id/image',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'deleteRecipeImage',
        tags: ['recipes'],
        summary: "Remove the recipe's picture; owner only",
        security: bearer,
        description:
          'The recipe keeps image_url (where a picture came from); image becomes null. 204 also when it had none. ' +
          'The picture itself is removed when no other recipe shows it; its URLs then answer 404.',
        params: RecipeIdParams,
        response: { 204: { type: 'null', description: 'Removed' }, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await ownerOnly(request, request.params.id);
      await images.remove(request.user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  const variantHeaders = {
    ETag: {
      type: 'string',
      maxLength: 70,
      description: 'The content hash; send it in If-None-Match for a 304',
      example: '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
    },
    'Cache-Control': {
      type: 'string',
      maxLength: 60,
      description: 'public, max-age=31536000, immutable: the bytes at this URL never change',
      example: IMMUTABLE,
    },
  };
  app.get(
    '/images/:file',
    {
      schema: {
        operationId: 'getImage',
        tags: ['recipes'],
        summary: "A picture variant (the url of a recipe's image or of one of its variants)",
        description:
          'No token needed, so it works in an <img>: the URL is the hash of the bytes, a capability that only those who were shown the recipe ' +
          'know (it cannot be derived from a recipe id; whoever has it can fetch the picture). Served with Cache-Control: public, max-age=31536000, ' +
          'immutable, an ETag, Content-Length and X-Content-Type-Options: nosniff; 304 for a matching If-None-Match; 404 once no recipe uses the picture.',
        params: VariantParams,
        response: {
          200: {
            description: 'The picture (WebP)',
            content: { 'image/webp': { schema: { ...BINARY, maxLength: maxBytes } } },
            headers: {
              ...variantHeaders,
              'Content-Length': {
                type: 'integer',
                format: 'int32',
                minimum: 1,
                maximum: 2_147_483_647,
                description: 'Size in bytes',
                example: 24_000,
              },
            },
          },
          304: { type: 'null', description: "Not modified: the ETag sent is this picture's", headers: variantHeaders },
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const hash = VARIANT_FILE.exec(request.params.file)?.[1];
      const found = hash === undefined ? undefined : await images.variant(hash);
      if (!hash || !found) throw NotFound('Picture not found');
      const etag = `"${hash}"`;
      reply.header('etag', etag).header('cache-control', IMMUTABLE).header('x-content-type-options', 'nosniff');
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, etag)) return reply.status(304).send(undefined as never);
      return reply
        .type(found.type)
        .header('content-length', found.bytes.length)
        .send(found.bytes as never);
    },
  );
}

import { Type, type Static } from 'typebox';
import { HTTP_URL_MAX_LENGTH, HTTP_URL_PATTERN } from '../../lib/http-url.js';

/** The media types a picture may be uploaded as; what counts is what the bytes are (sniffed). */
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'] as const;

const imagePath = (description: string) =>
  Type.String({
    maxLength: 100,
    pattern: '^/images/[0-9a-f]{64}\\.webp$',
    description,
    examples: ['/images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.webp'],
  });
const pixels = (description: string) => Type.Integer({ format: 'int32', minimum: 1, maximum: 100_000, description, examples: [1280] });

export const ImageVariant = Type.Object(
  {
    url: imagePath('Where this variant is served: a same-origin path, usable in an <img> without a token'),
    width: pixels('Width in pixels'),
    height: pixels('Height in pixels'),
    type: Type.Literal('image/webp', { description: 'The media type it is served with' }),
  },
  { additionalProperties: false, description: 'One encoding of the picture at one width' },
);

export const RecipeImage = Type.Object(
  {
    url: imagePath('The largest variant (at most 1280 pixels wide)'),
    width: pixels('Width of the largest variant'),
    height: pixels('Height of the largest variant'),
    variants: Type.Array(ImageVariant, {
      minItems: 1,
      maxItems: 3,
      description: 'Every variant, narrowest first (WebP at widths up to 320, 640 and 1280, never wider than the picture sent): for srcset',
    }),
  },
  {
    additionalProperties: false,
    description:
      "The recipe's picture, as stored here: decoded and re-encoded (orientation applied, sRGB, no metadata). Every url is the hash of " +
      'the bytes it serves: it changes when the picture changes, cannot be derived from the recipe id, and is served to anyone who has it ' +
      '(a capability: share it as you would share the picture), with Cache-Control: public, max-age=31536000, immutable',
  },
);
export type RecipeImage = Static<typeof RecipeImage>;

export const ImageUrlBody = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      maxLength: HTTP_URL_MAX_LENGTH,
      pattern: HTTP_URL_PATTERN,
      description:
        'An absolute http(s) URL of the picture; fetched like a page to scrape (same address rules, redirects checked at every hop, SCRAPE_TIMEOUT_MS), at most IMAGE_MAX_BYTES',
      examples: ['https://cooking.example.org/img/saffron-risotto.jpg'],
    }),
  },
  { $id: 'ImageUrlBody', additionalProperties: false, description: 'A picture to fetch from the web' },
);
export type ImageUrlBody = Static<typeof ImageUrlBody>;

/** The raw bytes of an upload, as the document shows them (the route checks them itself). */
export const BINARY = { type: 'string', format: 'binary' } as const;

export const VariantParams = Type.Object({
  file: Type.String({
    maxLength: 100,
    description: "The variant's file name: its content hash and .webp",
    examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.webp'],
  }),
});
export type VariantParams = Static<typeof VariantParams>;

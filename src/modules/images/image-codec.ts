/**
 * What a picture is (sniffed from its bytes, never from a declared type) and its re-encoding
 * with sharp (libvips): orientation applied, converted to sRGB, no metadata kept, WebP variants
 * at widths up to VARIANT_WIDTHS, never enlarged. sharp decodes and encodes on libuv's thread
 * pool, off the event loop; EncodeQueue bounds how many pictures are worked on at once.
 */
import { createHash } from 'node:crypto';
import type sharp from 'sharp';
import { AppError, Unprocessable, UnsupportedMediaType } from '../../errors.js';
import { Semaphore } from '../../lib/semaphore.js';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/** The widths the variants are made at (each at most the picture's own width). */
export const VARIANT_WIDTHS = [320, 640, 1280] as const;
export const VARIANT_TYPE = 'image/webp';
const WEBP_QUALITY = 80;

/**
 * The format of a picture from its first bytes (the signatures of the formats' specifications),
 * or undefined for anything else: SVG, HTML, PDF, HEIC ... whatever Content-Type it was sent with.
 */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  const b = bytes;
  const ascii = (at: number, text: string) => b.length >= at + text.length && [...text].every((c, i) => b[at + i] === c.charCodeAt(0));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 'PNG\r\n\x1a\n')) return 'png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  // ISO BMFF (ISO/IEC 14496-12): a leading `ftyp` box whose major or a compatible brand is AVIF's.
  if (ascii(4, 'ftyp') && b.length >= 16) {
    const size = Math.min(((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!, b.length, 4096);
    const brands = [8, ...Array.from({ length: Math.max(0, Math.floor((size - 16) / 4)) }, (_, i) => 16 + i * 4)];
    if (brands.some((at) => ascii(at, 'avif') || ascii(at, 'avis'))) return 'avif';
  }
  return undefined;
}

/** sharp's name for each format we take (an AVIF reads as HEIF with AV1 compression). */
const SHARP_FORMAT: Record<ImageFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'heif', gif: 'gif' };

export interface EncodedVariant {
  /** SHA-256 of `bytes`, lower-case hex: the variant's address. */
  hash: string;
  width: number;
  height: number;
  type: string;
  bytes: Buffer;
}

export interface EncodedImage {
  /** A hash of the variants' hashes: the same picture gives the same set. */
  setId: string;
  /** Largest first. */
  variants: EncodedVariant[];
}

export interface CodecLimits {
  /** Largest number of pixels (width x height) a picture may declare. */
  maxPixels: number;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The widths to make for a picture `width` pixels wide: VARIANT_WIDTHS, none wider than the picture. */
export function variantWidths(width: number): number[] {
  return [...new Set(VARIANT_WIDTHS.map((w) => Math.min(w, width)))].sort((a, b) => b - a);
}

let sharpModule: Promise<typeof sharp> | undefined;
/** sharp (libvips) is loaded on the first picture, not at start: it is a large native module most launches never need. */
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/**
 * Checks the header (format, declared size) without decoding the pixels: 415 when sharp reads
 * another format than the bytes' signature, 422 when it cannot read the header or the picture
 * declares more than `maxPixels`.
 */
export async function readHeader(bytes: Buffer, format: ImageFormat, limits: CodecLimits): Promise<{ width: number; height: number }> {
  let meta: sharp.Metadata;
  const sharpOf = await loadSharp();
  try {
    meta = await sharpOf(bytes, { limitInputPixels: limits.maxPixels }).metadata();
  } catch (err) {
    if (/pixel limit/i.test((err as Error).message)) throw tooManyPixels(limits.maxPixels);
    throw Unprocessable('The picture cannot be read');
  }
  if (meta.format !== SHARP_FORMAT[format] || (format === 'avif' && meta.compression !== 'av1')) {
    throw UnsupportedMediaType('Send a JPEG, PNG, WebP, AVIF or GIF picture');
  }
  const { width, height } = meta;
  if (!width || !height) throw Unprocessable('The picture has no size');
  if (width * height > limits.maxPixels) throw tooManyPixels(limits.maxPixels);
  return { width, height };
}

const tooManyPixels = (max: number) => Unprocessable(`The picture has more than ${max} pixels (IMAGE_MAX_PIXELS)`);

/**
 * Decodes the picture once (its first frame), applies its orientation, converts it to sRGB and
 * scales it to the largest variant, then makes every variant from that: WebP, no metadata (sharp
 * keeps none unless asked), so no byte of the upload is served back. A picture that does not
 * decode to the end (truncated, corrupt) is 422: sharp fails on libvips' warnings.
 */
export async function encodeVariants(bytes: Buffer, limits: CodecLimits): Promise<EncodedImage> {
  let base: { data: Buffer; info: sharp.OutputInfo };
  const sharpOf = await loadSharp();
  try {
    base = await sharpOf(bytes, { limitInputPixels: limits.maxPixels, failOn: 'warning' })
      .rotate()
      .resize({ width: VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1], withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (/pixel limit/i.test((err as Error).message)) throw tooManyPixels(limits.maxPixels);
    throw Unprocessable('The picture does not decode (truncated or corrupt)');
  }
  const { width, height, channels } = base.info;
  const raw = { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } };
  const variants: EncodedVariant[] = [];
  for (const w of variantWidths(width)) {
    const pipeline = sharpOf(base.data, raw);
    if (w < width) pipeline.resize({ width: w });
    const { data, info } = await pipeline.webp({ quality: WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
    variants.push({ hash: sha256(data), width: info.width, height: info.height, type: VARIANT_TYPE, bytes: data });
  }
  return { setId: sha256(variants.map((v) => v.hash).join(',')), variants };
}

/**
 * At most `concurrency` pictures encoded at once per process, and at most `maxQueued` waiting;
 * beyond that a request is told to come back (503 with Retry-After), so a burst of uploads
 * neither holds every thread of libuv's pool (which DNS lookups and file reads share) nor piles
 * up decoded pictures in memory.
 */
export class EncodeQueue extends Semaphore {
  constructor(concurrency: number, maxQueued: number) {
    super(
      concurrency,
      maxQueued,
      () =>
        new AppError(503, 'SERVICE_UNAVAILABLE', 'Too many pictures are being processed; try again shortly', {
          headers: { 'retry-after': '2' },
        }),
    );
  }
}

/**
 * The pure part of pictures: the srcset a stored picture offers, and the checks a chosen file
 * gets before it is sent (the API checks again; these only save a cook a pointless upload).
 */
import type { Message } from './i18n/index.ts';
import { ApiProblem } from './api/problem.ts';

/** What a srcset needs of a stored picture (a RecipeImage). */
interface Variants {
  variants: readonly { url: string; width: number }[];
}

/** IMAGE_MAX_BYTES's default: a larger file would be refused with a 413 after the whole upload. */
export const PICTURE_MAX_BYTES = 10 * 1024 * 1024;
/** What the API decodes; anything else (SVG, HEIC, PDF) is refused with a 415. */
export const PICTURE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'] as const;

/** "url 320w, url 640w, url 1280w": every variant, so the browser picks the one the layout needs. */
export function srcsetOf(image: Variants): string {
  return image.variants.map((v) => `${v.url} ${v.width}w`).join(', ');
}

const BY_STATUS: Record<number, Message> = {
  413: { key: 'picture.tooLarge', params: { max: PICTURE_MAX_BYTES / 1024 / 1024 } },
  415: { key: 'picture.wrongType' },
  422: { key: 'picture.unreadable' },
};

/**
 * An upload's failure in a cook's words, marked on the picture field: the API answers 413, 415 and
 * 422 with generic codes, which say something else on a recipe's text fields.
 */
export function pictureProblem(p: ApiProblem): ApiProblem {
  const msg = BY_STATUS[p.status];
  return msg ? new ApiProblem(p.status, msg, p.code, { image: msg }, p.retryAfter) : p;
}

/** The problem with a chosen file that the API would refuse for certain, or null. */
export function checkPictureFile(file: { size: number; type: string }): ApiProblem | null {
  if (file.size > PICTURE_MAX_BYTES) return pictureProblem(new ApiProblem(413, { key: 'error.tooLarge' }));
  // No type at all (some file pickers): sent anyway, the API reads what the bytes are.
  if (file.type && !(PICTURE_TYPES as readonly string[]).includes(file.type.toLowerCase()))
    return pictureProblem(new ApiProblem(415, { key: 'error.generic' }));
  if (file.size === 0) return pictureProblem(new ApiProblem(422, { key: 'error.unprocessable' }));
  return null;
}

/** The names a client may give as `format` (besides `auto`): a module of its own so the routes' schema does not load the readers. */
export const FORMAT_NAMES = [
  'gourmet',
  'jsonld',
  'mealie',
  'tandoor',
  'paprika',
  'nextcloud',
  'copymethat',
  'chowdown',
  'plantoeat',
  'myrecipebox',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

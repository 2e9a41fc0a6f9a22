import { Type, type Static } from 'typebox';

export const TagCount = Type.Object(
  {
    tag: Type.String({ maxLength: 100, description: 'A normalised tag (lower-case)', examples: ['vegetarian'] }),
    recipes: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'How many recipes carry it' }),
  },
  { $id: 'TagCount', additionalProperties: false, description: 'A tag and how many recipes carry it' },
);

export const TagList = Type.Array(TagCount, { maxItems: 1000, description: 'Tags, most used first, then alphabetically' });

export const TagListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 1, maximum: 1000, default: 100, description: 'Page size (default 100)' }),
    ),
    offset: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Tags to skip (default 0)' }),
    ),
  },
  { additionalProperties: false },
);
/** Ajv fills in the defaults, so the handler always has limit and offset. */
export type TagListQuery = Static<typeof TagListQuery> & { limit: number; offset: number };

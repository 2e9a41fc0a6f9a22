import { Type, type Static } from 'typebox';

export const TagCount = Type.Object({
  tag: Type.String({ description: 'A normalised tag (lower-case)', examples: ['vegetarian'] }),
  recipes: Type.Integer({ minimum: 1, description: 'How many recipes carry it' }),
});

export const TagList = Type.Array(TagCount, { description: 'Tags, most used first, then alphabetically' });

export const TagListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 1000, default: 100, description: 'Tags per page (default 100)' })),
  offset: Type.Optional(Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Tags to skip (default 0)' })),
}, { additionalProperties: false });
export type TagListQuery = Static<typeof TagListQuery>;

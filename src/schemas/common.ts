import { Type } from 'typebox';

/** The contract's error body: `{"error": "..."}`, with a stable code and optional validation details. */
export const ErrorResponse = Type.Object({
  error: Type.String({ description: 'Human-readable message' }),
  code: Type.Optional(Type.String({ description: 'Stable machine-readable error code' })),
  details: Type.Optional(Type.Array(Type.Unknown())),
}, { description: 'Error' });

export const MessageResponse = Type.Object({ msg: Type.String() });

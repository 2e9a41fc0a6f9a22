import { Type, type Static } from 'typebox';

const Id = (description: string) => Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description, examples: [7] });

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('member')], {
  description: 'admin: may manage accounts (GET /admin/users ...); member: everyone else',
});

export const HouseholdMember = Type.Object(
  {
    id: Id('User id'),
    username: Type.String({ maxLength: 80, description: 'The member’s username', examples: ['chef_ana'] }),
    role: Role,
  },
  { $id: 'HouseholdMember', additionalProperties: false },
);

export const Household = Type.Object(
  {
    id: Id('Household id'),
    name: Type.String({ maxLength: 100, description: 'The household’s name (at first the username of whoever it was made for)' }),
    members: Type.Array(HouseholdMember, { maxItems: 10_000, description: 'Every member, oldest account first' }),
  },
  {
    $id: 'Household',
    additionalProperties: false,
    description: 'The caller’s household',
    examples: [{ id: 3, name: 'The Silvas', members: [{ id: 7, username: 'chef_ana', role: 'admin' }] }],
  },
);

export const HouseholdRename = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '\\S',
      description: 'The new name (1-100 characters, not only spaces)',
      examples: ['The Silvas'],
    }),
  },
  { $id: 'HouseholdRename', additionalProperties: false },
);
export type HouseholdRename = Static<typeof HouseholdRename>;

export const InvitationCode = Type.String({
  minLength: 16,
  maxLength: 128,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'A one-time code as it was given out',
  examples: ['q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6'],
});

export const Invitation = Type.Object(
  {
    code: InvitationCode,
    expires_at: Type.String({ format: 'date-time', maxLength: 40, description: 'When the code stops working (UTC)' }),
  },
  {
    $id: 'Invitation',
    additionalProperties: false,
    description: 'A single-use code, shown only now (only its hash is kept)',
    examples: [{ code: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6', expires_at: '2026-12-14T18:00:00.000Z' }],
  },
);

export const JoinBody = Type.Object({ code: InvitationCode }, { $id: 'HouseholdJoin', additionalProperties: false });
export type JoinBody = Static<typeof JoinBody>;

export const MemberParams = Type.Object({
  user_id: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'A member’s user id' }),
});
export type MemberParams = Static<typeof MemberParams>;

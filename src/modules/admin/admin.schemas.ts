import { Type, type Static } from 'typebox';
import { NewPassword } from '../auth/auth.schemas.js';
import { InvitationCode } from '../households/households.schemas.js';
import { Role } from '../households/households.schemas.js';

const Id = (description: string) => Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description, examples: [7] });

export const AdminUser = Type.Object(
  {
    id: Id('User id'),
    username: Type.String({ maxLength: 80, examples: ['chef_ana'] }),
    role: Role,
    household_id: Type.Union([Id('Household id'), Type.Null()], {
      description: 'The household (null only for an account not yet given one)',
    }),
    created_at: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { $id: 'AdminUser', additionalProperties: false, description: 'An account as an admin sees it' },
);

export const AdminUserList = Type.Array(AdminUser, { maxItems: 1000, description: 'One page of accounts, oldest first' });

export const AdminUsersQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 1000, default: 100, description: 'Page size' })),
    offset: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 0, maximum: 2_147_483_647, default: 0, description: 'Accounts to skip' }),
    ),
  },
  { additionalProperties: false },
);
export type AdminUsersQuery = Static<typeof AdminUsersQuery>;

export const UserParams = Type.Object({
  id: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647, description: 'User id' }),
});
export type UserParams = Static<typeof UserParams>;

export const ResetCode = Type.Object(
  {
    code: InvitationCode,
    expires_at: Type.String({ format: 'date-time', maxLength: 40, description: 'When the code stops working (UTC): one hour from now' }),
  },
  {
    $id: 'PasswordResetCode',
    additionalProperties: false,
    description: 'A one-time code, shown only now (only its hash is kept); give it to the account’s owner for POST /password-reset',
  },
);

export const RemovedAccount = Type.Object(
  {
    recipes_deleted: Type.Integer({
      format: 'int32',
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Recipes deleted: every private one, and the rest when nobody took them',
    }),
    recipes_passed_on: Type.Integer({
      format: 'int32',
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Household and public recipes given to another member',
    }),
    passed_to: Type.Union([Id('The member who took them'), Type.Null()], { description: 'Who took them, or null' }),
  },
  { $id: 'RemovedAccount', additionalProperties: false, description: 'What became of the removed account’s recipes' },
);

export const PasswordResetBody = Type.Object(
  { code: InvitationCode, new_password: NewPassword },
  { $id: 'PasswordReset', additionalProperties: false, description: 'A reset code an admin gave, and the new password' },
);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const PasswordResetDone = Type.Object(
  { msg: Type.Literal('Password changed') },
  { $id: 'PasswordResetDone', additionalProperties: false },
);

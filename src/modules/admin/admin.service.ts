/**
 * The rules of account administration: only admins may list accounts, make admin invitations and
 * password-reset codes, and remove accounts; the last admin cannot be removed (nor demoted by a
 * sign-on group). A reset code is one-time, valid one hour, kept only as its hash; spending it
 * sets the password and ends every session of the account.
 */
import { CodeExpired, Forbidden, LastAdmin, NotFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import { hashOneTimeCode, newOneTimeCode } from '../../lib/one-time-code.js';
import type { AuthService } from '../auth/auth.service.js';
import type { HouseholdsService } from '../households/households.service.js';
import type { RecipesService } from '../recipes/recipes.service.js';
import { adminRepository as repo, type AdminUserRow } from './admin.repository.js';

/** How long a password-reset code can be spent. */
export const RESET_TTL_SEC = 3600;

export interface AdminServiceDeps {
  db: Db;
  clock: Clock;
  auth: Pick<AuthService, 'resetPassword' | 'accountDeleted'>;
  households: Pick<HouseholdsService, 'invite'>;
  recipes: Pick<RecipesService, 'handOver' | 'written'>;
  /** Releases a picture set no recipe shows any more (images.service.ts). */
  releaseImage: (set: string) => Promise<void>;
}

export interface RemovedAccount {
  recipes_deleted: number;
  recipes_passed_on: number;
  passed_to: number | null;
}

export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  private nowSec(): number {
    return Math.floor(this.deps.clock() / 1000);
  }

  /** 403 unless the caller is an admin (read from the database at every request, so a change of role counts at once). */
  async requireAdmin(userId: number): Promise<void> {
    const row = await repo.roleOf(this.deps.db, userId);
    if (row?.role !== 'admin') throw Forbidden('Only an admin may do this');
  }

  async users(adminId: number, limit: number, offset: number): Promise<{ rows: AdminUserRow[]; total: number }> {
    await this.requireAdmin(adminId);
    const [rows, total] = await Promise.all([repo.listUsers(this.deps.db, limit, offset), repo.countUsers(this.deps.db)]);
    return { rows, total };
  }

  /** An invitation that admits a new account where REGISTRATION=invite (it gets a household of its own). */
  async invite(adminId: number): Promise<{ code: string; expires_at: string }> {
    await this.requireAdmin(adminId);
    return this.deps.households.invite(adminId, 'admin');
  }

  async createReset(adminId: number, userId: number): Promise<{ code: string; expires_at: string }> {
    await this.requireAdmin(adminId);
    if (!(await repo.roleOf(this.deps.db, userId))) throw NotFound('User not found');
    const code = newOneTimeCode();
    const expiresAt = this.nowSec() + RESET_TTL_SEC;
    await repo.insertReset(this.deps.db, { codeHash: hashOneTimeCode(code), userId, createdBy: adminId, expiresAt });
    return { code, expires_at: new Date(expiresAt * 1000).toISOString() };
  }

  /**
   * Spends a reset code: 404 for an unknown code, 410 for one spent or out of date (checked
   * before the new password is hashed, and again by the spend itself, which only one of two
   * concurrent spends wins).
   */
  async resetPassword(code: string, newPassword: string): Promise<void> {
    const hash = hashOneTimeCode(code);
    const found = await repo.findReset(this.deps.db, hash);
    if (!found) throw NotFound('Reset code not found');
    if (found.used_at !== null || Number(found.expires_at) <= this.nowSec())
      throw CodeExpired('This reset code was already used or has expired');
    await this.deps.auth.resetPassword(newPassword, async (trx) => {
      const userId = await repo.spendReset(trx, hash, new Date(this.deps.clock()).toISOString(), this.nowSec());
      if (userId === undefined) throw CodeExpired('This reset code was already used or has expired');
      return userId;
    });
  }

  /**
   * Removes an account: its private recipes are deleted; its household and public recipes pass
   * to another member of its household (the oldest account) if there is one, else they are
   * deleted too. 409 LAST_ADMIN for the only admin; its household goes when nobody is left in it.
   */
  async removeUser(adminId: number, userId: number): Promise<RemovedAccount> {
    await this.requireAdmin(adminId);
    const { db } = this.deps;
    const outcome = await db.transaction().execute(async (trx) => {
      const admins = await repo.lockAdmins(trx);
      const user = await repo.roleOf(trx, userId);
      if (!user) throw NotFound('User not found');
      if (user.role === 'admin' && admins.filter((id) => id !== userId).length === 0) throw LastAdmin();
      const heir = user.household_id === null ? undefined : await repo.otherMember(trx, user.household_id, userId);
      const handed = await this.deps.recipes.handOver(trx, userId, heir);
      await repo.deleteUser(trx, userId);
      if (user.household_id !== null) await repo.deleteHouseholdIfEmpty(trx, user.household_id);
      return { handed, heir };
    });
    await this.deps.recipes.written();
    await this.deps.auth.accountDeleted(userId);
    for (const set of outcome.handed.imageSets) await this.deps.releaseImage(set);
    return { recipes_deleted: outcome.handed.deleted, recipes_passed_on: outcome.handed.passed, passed_to: outcome.heir ?? null };
  }

  /**
   * OIDC_ADMIN_GROUP, at every sign-in through the provider (in its transaction): a member of the
   * group is an admin, anyone else a member, except that the last admin stays one (an
   * installation is never left without an admin by a provider's group list).
   */
  async applyAdminGroup(trx: Db, userId: number, isMember: boolean): Promise<void> {
    const admins = await repo.lockAdmins(trx);
    if (isMember) {
      if (!admins.includes(userId)) await repo.setRole(trx, userId, 'admin');
      return;
    }
    if (admins.includes(userId) && admins.length > 1) await repo.setRole(trx, userId, 'member');
  }
}

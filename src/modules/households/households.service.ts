/**
 * The rules of households: every user is in exactly one (a new account gets its own, named after
 * it), single-use invitations valid 7 days, joining, leaving and removing members, and what a new
 * account is given when it is created (its household, its role, the sign-up rules of REGISTRATION).
 */
import { CodeExpired, Conflict, InviteRequired, LastMember, NotFound, RegistrationClosed } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import { hashOneTimeCode, newOneTimeCode } from '../../lib/one-time-code.js';
import { householdsRepository as repo, type MemberRow } from './households.repository.js';

/** How long a household or admin invitation can be spent. */
export const INVITATION_TTL_SEC = 7 * 24 * 3600;

export type RegistrationMode = 'open' | 'invite' | 'closed';

export interface Household {
  id: number;
  name: string;
  members: MemberRow[];
}

export interface HouseholdsServiceDeps {
  db: Db;
  clock: Clock;
  /** REGISTRATION: who may create an account through POST /register. */
  registration: RegistrationMode;
}

export class HouseholdsService {
  constructor(private readonly deps: HouseholdsServiceDeps) {}

  private nowSec(): number {
    return Math.floor(this.deps.clock() / 1000);
  }

  private nowIso(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  /**
   * Before any costly work of a registration: refuses one the sign-up rules refuse whatever the
   * code (closed, or invite without a code), unless no account exists yet (a new installation).
   * The decision that counts is made again in the transaction (accountCreated).
   */
  async checkRegistration(inviteCode: string | undefined): Promise<void> {
    const { registration, db } = this.deps;
    if (registration === 'open' || (registration === 'invite' && inviteCode !== undefined)) return;
    if (!(await repo.anyOtherUser(db, 0))) return;
    throw registration === 'closed' ? RegistrationClosed() : InviteRequired();
  }

  /**
   * In the transaction that inserts a new account: the first account of an installation becomes
   * the admin and may always register; otherwise REGISTRATION applies to registrations. An
   * invitation code is spent here (a household invitation joins its household; an admin
   * invitation only admits); without one the account gets a household of its own.
   */
  async accountCreated(trx: Db, user: { id: number; username: string }, opts: { inviteCode?: string; registration: boolean }) {
    await repo.lockFirstAccountDecision(trx);
    const first = !(await repo.anyOtherUser(trx, user.id));
    if (first) await repo.setRole(trx, user.id, 'admin');
    if (opts.registration && !first) {
      if (this.deps.registration === 'closed') throw RegistrationClosed();
      if (this.deps.registration === 'invite' && opts.inviteCode === undefined) throw InviteRequired();
    }
    if (opts.inviteCode !== undefined && !first) {
      const spent = await this.spend(trx, opts.inviteCode, ['household', 'admin'], user.id);
      if (spent.kind === 'household' && spent.household_id !== null) {
        await repo.lockHousehold(trx, spent.household_id);
        await repo.setHousehold(trx, user.id, spent.household_id);
        return;
      }
    }
    await repo.setHousehold(trx, user.id, await repo.create(trx, user.username, this.nowIso()));
  }

  /** Spends a code of one of `kinds`: 404 for a code that never was one, 410 for one spent or out of date. */
  private async spend(trx: Db, code: string, kinds: ('household' | 'admin')[], userId: number) {
    const hash = hashOneTimeCode(code);
    const spent = await repo.spendInvitation(trx, hash, kinds, userId, this.nowIso(), this.nowSec());
    if (spent) return spent;
    const found = await repo.findInvitation(trx, hash);
    if (!found || !kinds.includes(found.kind)) throw NotFound('Invitation not found');
    throw CodeExpired('This invitation was already used or has expired');
  }

  /** The user's household id; a user without one (a row written outside the service) gets one of their own now. */
  async householdIdOf(userId: number): Promise<number> {
    const { db } = this.deps;
    const user = await repo.userHousehold(db, userId);
    if (!user) throw NotFound('User not found');
    if (user.household_id !== null) return user.household_id;
    const created = await repo.create(db, user.username, this.nowIso());
    if (await repo.setHouseholdIfNone(db, userId, created)) return created;
    // Another request gave them one first.
    await repo.delete(db, created);
    return this.householdIdOf(userId);
  }

  async get(userId: number): Promise<Household> {
    const id = await this.householdIdOf(userId);
    const household = await repo.findById(this.deps.db, id);
    if (!household) throw NotFound('Household not found');
    return { ...household, members: await repo.members(this.deps.db, id) };
  }

  async rename(userId: number, name: string): Promise<Household> {
    await repo.rename(this.deps.db, await this.householdIdOf(userId), name);
    return this.get(userId);
  }

  /** The ids of the members of the caller's household (the caller included), for the visibility rule. */
  memberIdsOf(userId: number): Promise<number[]> {
    return repo.memberIdsOf(this.deps.db, userId);
  }

  /** A new invitation: the code is shown once, only its hash is kept. */
  async invite(userId: number, kind: 'household' | 'admin' = 'household'): Promise<{ code: string; expires_at: string }> {
    const householdId = kind === 'household' ? await this.householdIdOf(userId) : null;
    const code = newOneTimeCode();
    const expiresAt = this.nowSec() + INVITATION_TTL_SEC;
    await repo.insertInvitation(this.deps.db, {
      codeHash: hashOneTimeCode(code),
      kind,
      householdId,
      createdBy: userId,
      createdAt: this.nowIso(),
      expiresAt,
    });
    return { code, expires_at: new Date(expiresAt * 1000).toISOString() };
  }

  /**
   * Spends a household invitation and moves the caller into its household, in one transaction:
   * of two joins with one code exactly one wins (the spend is one conditional UPDATE). A household
   * left empty is deleted. Joining one's own household is 409 and spends nothing.
   */
  async join(userId: number, code: string): Promise<Household> {
    await this.householdIdOf(userId);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = (await repo.lockUsers(trx, [userId])).get(userId);
      if (before === undefined) throw NotFound('User not found');
      const found = await repo.findInvitation(trx, hashOneTimeCode(code));
      if (found?.kind === 'household' && found.household_id === before) throw Conflict('You are already a member of this household');
      const spent = await this.spend(trx, code, ['household'], userId);
      if (spent.household_id === null) throw NotFound('Invitation not found');
      await repo.lockHousehold(trx, spent.household_id);
      await repo.setHousehold(trx, userId, spent.household_id);
      if (before !== null && (await repo.countMembers(trx, before)) === 0) await repo.delete(trx, before);
    });
    return this.get(userId);
  }

  /**
   * Takes `memberId` out of the caller's household (the caller themselves: they leave) and gives
   * them a household of their own, named after them. 404 for someone not in the caller's
   * household; 409 LAST_MEMBER for the household's only member. The household's row is locked,
   * so two removals at once cannot leave it empty.
   */
  async removeMember(actorId: number, memberId: number): Promise<void> {
    await this.householdIdOf(actorId);
    await this.deps.db.transaction().execute(async (trx) => {
      const households = await repo.lockUsers(trx, [actorId, memberId]);
      const household = households.get(actorId);
      if (household === undefined || household === null || households.get(memberId) !== household) throw NotFound('Member not found');
      await repo.lockHousehold(trx, household);
      if ((await repo.countMembers(trx, household)) <= 1) throw LastMember();
      const member = await repo.userHousehold(trx, memberId);
      await repo.setHousehold(trx, memberId, await repo.create(trx, member!.username, this.nowIso()));
    });
  }
}

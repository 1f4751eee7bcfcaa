import { BulkWrite } from '../bulk/bulk-write';

/** A user as listed from `/users`. */
export interface ListedUser {
  id: string;
  userPrincipalName?: string;
}

const brand: unique symbol = Symbol('UserDeletion');

/**
 * `DELETE /users/{id}` for one user who is not the acting admin. The class cannot be built from
 * outside this file (private constructor, unexported brand), and the deletion job hands the bulk
 * executor nothing else, so the only way to produce a delete request is `UserDeletionTargets.of`,
 * which refuses the kept account. A bug that puts the admin in the list still cannot send it.
 */
export class UserDeletion implements BulkWrite {
  readonly [brand] = true;
  readonly method = 'DELETE' as const;
  readonly url: string;

  readonly key: string;
  readonly userPrincipalName: string | undefined;

  // The token check holds at run time too, where TypeScript's `private` does not.
  private constructor(guard: typeof guardToken, user: ListedUser) {
    if (guard !== guardToken) throw new Error('UserDeletion is built by UserDeletionTargets only');
    this.key = user.id;
    this.userPrincipalName = user.userPrincipalName;
    this.url = `/users/${encodeURIComponent(user.id)}`;
    Object.freeze(this);
  }

  /** @internal Only UserDeletionTargets can call this: the token is not exported. */
  static create(this: void, guard: typeof guardToken, user: ListedUser): UserDeletion {
    return new UserDeletion(guard, user);
  }
}

const guardToken: unique symbol = Symbol('UserDeletionTargets');

/** Builds the delete requests of one job, for every user but the one it keeps. */
export class UserDeletionTargets {
  private readonly kept: string;

  constructor(keepUserId: string) {
    if (!keepUserId.trim()) throw new Error('UserDeletionTargets needs the id of the account to keep');
    // Object ids are GUIDs: compare them the way the directory does, case-insensitively.
    this.kept = keepUserId.trim().toLowerCase();
  }

  /** The delete request for `user`, or undefined for the kept account (and for a user without id). */
  of(user: ListedUser): UserDeletion | undefined {
    const id = user.id?.trim();
    if (!id || id.toLowerCase() === this.kept || user.userPrincipalName?.toLowerCase() === this.kept) return undefined;
    return UserDeletion.create(guardToken, user);
  }

  isKept(userId: string): boolean {
    return userId.trim().toLowerCase() === this.kept;
  }
}

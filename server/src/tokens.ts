/**
 * Bearer tokens: 32 random bytes, base64url (43 characters). Only their SHA-256 is stored; a presented token is
 * hashed and compared with crypto.timingSafeEqual against every known hash of the accepted kinds, without
 * stopping at the first match, so response time says nothing about how close a guess was.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, TokenKind, TokenRecord } from './store/types';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What a verified token grants. */
export interface Principal {
  kind: TokenKind;
  team: string | null;
}

/** Reads the bearer token of an Authorization header; undefined when absent or malformed. */
export function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header);
  return match?.[1];
}

/**
 * Keeps the token hashes in memory for a few seconds, so verifying a report costs no database round trip; a
 * token created or revoked (by `init` in another process, or by the API) is seen within `ttlMs`.
 */
export class TokenRegistry {
  private cache?: { at: number; records: { record: TokenRecord; hash: Buffer }[] };

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.cache = undefined;
  }

  private async records(): Promise<{ record: TokenRecord; hash: Buffer }[]> {
    if (!this.cache || this.now() - this.cache.at > this.ttlMs) {
      const records = await this.store.tokens();
      this.cache = { at: this.now(), records: records.map((record) => ({ record, hash: Buffer.from(record.hash, 'hex') })) };
    }
    return this.cache.records;
  }

  async verify(token: string | undefined, kinds: readonly TokenKind[]): Promise<Principal | undefined> {
    if (token === undefined) return undefined;
    const presented = Buffer.from(hashToken(token), 'hex');
    let found: Principal | undefined;
    for (const { record, hash } of await this.records()) {
      // Every record is compared (no early exit); lengths are equal since both are SHA-256 digests.
      const equal = hash.length === presented.length && timingSafeEqual(hash, presented);
      if (equal && kinds.includes(record.kind) && !found) found = { kind: record.kind, team: record.team };
    }
    return found;
  }

  /** Creates a token, stores its hash, returns the token (shown once, never retrievable again). */
  async issue(kind: TokenKind, team: string | null, week: string): Promise<string> {
    const token = generateToken();
    await this.store.insertToken({ kind, team, hash: hashToken(token), week });
    this.invalidate();
    return token;
  }
}

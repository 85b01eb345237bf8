// Who may use the Electronic Cabinet, and for how long (EIS-ACC-02): one-time login codes the harness issues, and
// sessions opened by a code or by a certificate. Time is always passed in (the virtual clock), so a scenario's clock
// step ends a session as the hours would. The secrets (codes, session tokens) come from the operating system's
// randomness, never the run's seeded one: a seed printed in a report must not let anyone recompute them. Sessions are
// named in the journal by a counter, never by their token.
import { createHash, randomBytes } from 'node:crypto';

/** Who a session acts as: a user of the Cabinet (after registration), or the participant's applicant (before). */
export interface Principal {
  kind: 'user' | 'applicant';
  edrpou: string;
  /** the user's login (e-mail); for an applicant, `applicant:<ЄДРПОУ>` */
  login: string;
  fullName?: string;
  role: 'administrator' | 'operator' | 'applicant';
}

export type AuthMethod = 'code' | 'certificate';

export interface Session {
  /** `s-<n>`: how the journal names the session */
  id: string;
  principal: Principal;
  method: AuthMethod;
  /** the form token every state-changing POST must carry */
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export type SessionRefusal = 'no-session' | 'unknown-session' | 'expired-session';
export type CodeRefusal = 'no-code' | 'unknown-code' | 'expired-code';

export interface AuthOptions {
  /** a session ends this long after its last use (default 30 minutes of the virtual clock) */
  idleMs?: number;
  /** and this long after it began, used or not (default 8 hours) */
  maxMs?: number;
  /** a login code is good for this long (default 10 minutes) */
  codeMs?: number;
}

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 8 * 3_600_000;
export const CODE_MS = 10 * 60_000;

// Crockford's base-32 without I, L, O, U: nothing to misread when typing a code off a report
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Eight characters (40 bits), shown as ABCD-EFGH. */
function newCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What a person typed, as the code is kept: upper case, the dash and spaces ignored, look-alikes read as digits. */
export function normaliseCode(typed: string): string {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : s;
}

// codes and tokens are kept by their hash: a dump of the simulator's memory does not hand out sessions
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export function createCabinetAuth(options: AuthOptions = {}) {
  const idleMs = options.idleMs ?? SESSION_IDLE_MS;
  const maxMs = options.maxMs ?? SESSION_MAX_MS;
  const codeMs = options.codeMs ?? CODE_MS;
  const codes = new Map<string, { principal: Principal; expiresAt: number }>();
  const sessions = new Map<string, Session>();
  let n = 0;

  return {
    /** A one-time code for the principal, good until `expiresAt`. */
    issueCode(principal: Principal, now: number): { code: string; expiresAt: number } {
      for (const [k, v] of codes) if (v.expiresAt < now) codes.delete(k);
      const code = newCode();
      const expiresAt = now + codeMs;
      codes.set(hash(code), { principal, expiresAt });
      return { code, expiresAt };
    },

    /** Spends a code: its principal, or why not. A spent or expired code is gone. */
    redeem(typed: string, now: number): { ok: true; principal: Principal } | { ok: false; code: CodeRefusal } {
      const code = normaliseCode(typed.trim());
      if (code === '') return { ok: false, code: 'no-code' };
      const key = hash(code);
      const found = codes.get(key);
      if (!found) return { ok: false, code: 'unknown-code' };
      codes.delete(key);
      if (found.expiresAt < now) return { ok: false, code: 'expired-code' };
      return { ok: true, principal: found.principal };
    },

    /** Opens a session; the token goes in the cookie and nowhere else. */
    open(principal: Principal, method: AuthMethod, now: number): { token: string; session: Session } {
      const token = randomBytes(32).toString('base64url');
      const session: Session = {
        id: `s-${++n}`,
        principal,
        method,
        csrf: randomBytes(16).toString('base64url'),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: Math.min(now + idleMs, now + maxMs),
      };
      sessions.set(hash(token), session);
      return { token, session };
    },

    /** The session of a cookie's token, its idle time renewed; or why there is none. An expired one is gone. */
    find(token: string | undefined, now: number): { ok: true; session: Session } | { ok: false; code: SessionRefusal; session?: Session } {
      if (!token) return { ok: false, code: 'no-session' };
      const key = hash(token);
      const s = sessions.get(key);
      if (!s) return { ok: false, code: 'unknown-session' };
      if (now > s.expiresAt || now < s.createdAt) {
        sessions.delete(key);
        return { ok: false, code: 'expired-session', session: s };
      }
      s.lastSeenAt = now;
      s.expiresAt = Math.min(now + idleMs, s.createdAt + maxMs);
      return { ok: true, session: s };
    },

    /** Ends the session of a token; its id, when there was one. */
    close(token: string | undefined): string | undefined {
      if (!token) return undefined;
      const key = hash(token);
      const s = sessions.get(key);
      sessions.delete(key);
      return s?.id;
    },

    /** Ends every session of a principal that is no longer there (a user gone after the simulator's reset). */
    drop(session: Session): void {
      for (const [k, v] of sessions) if (v === session) sessions.delete(k);
    },

    active: (now: number) => [...sessions.values()].filter((s) => s.expiresAt >= now),

    reset() {
      codes.clear();
      sessions.clear();
      n = 0;
    },
  };
}

export type CabinetAuth = ReturnType<typeof createCabinetAuth>;

// The workspace's test CA (docs/en/guide.md §14): made once and cached under .polihon/pki (ca.pem, and ca.key readable by
// the owner only), so clients can trust one ca.pem across runs of `polihon serve --tls`. A cached CA that is
// expired (or about to be), unreadable, or whose key does not match is replaced, and the caller is told why.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PolihonError } from '../core/errors.ts';
import { t, type Lang } from '../core/i18n.ts';
import { createTestPki, describeCertificate, loadTestPki, type TestPki } from '../core/pki.ts';
import { M } from './messages.ts';

export const DEFAULT_PKI_DIR = join('.polihon', 'pki');

export interface CachedPki {
  pki: TestPki;
  /** absolute paths */
  dir: string;
  caCertPath: string;
  caKeyPath: string;
  /** 'created' on first use in a workspace, 'reused', or 'regenerated' when the cached one could not serve */
  state: 'created' | 'reused' | 'regenerated';
  /** for the user when the CA was made or replaced: where, and why */
  message?: string;
}

// a CA this close to its end would expire under a long `serve`: replace it now
const RENEW_BEFORE_MS = 86_400_000;

/**
 * The cached CA of the workspace, made on first use.
 * Example: const { pki, caCertPath } = await loadOrCreatePki('.polihon/pki', Date.now()).
 */
export async function loadOrCreatePki(dir: string = DEFAULT_PKI_DIR, now: number = Date.now(), lang: Lang = 'en'): Promise<CachedPki> {
  const abs = resolve(dir);
  const caCertPath = join(abs, 'ca.pem');
  const caKeyPath = join(abs, 'ca.key');
  const paths = { dir: abs, caCertPath, caKeyPath };
  const [cert, key] = await Promise.all([read(caCertPath), read(caKeyPath)]);

  let why: string;
  if ('missing' in cert && 'missing' in key) {
    const pki = await create(abs, now, lang);
    return { pki, ...paths, state: 'created', message: t(M.pkiCreated, lang, { path: caCertPath }) };
  } else if (!('text' in cert) || !('text' in key)) {
    const problem = (name: string, r: Read) => ('missing' in r ? t(M.pkiMissing, lang, { name }) : 'error' in r ? t(M.pkiUnreadable, lang, { name, error: r.error }) : undefined);
    why = [problem('ca.pem', cert), problem('ca.key', key)].filter(Boolean).join(t(M.pkiAnd, lang));
  } else {
    try {
      const ca = describeCertificate(cert.text);
      if (now >= ca.notAfter - RENEW_BEFORE_MS) {
        why = t(now >= ca.notAfter ? M.pkiExpired : M.pkiExpires, lang, { at: iso(ca.notAfter) });
      } else if (now < ca.notBefore) {
        why = t(M.pkiNotYet, lang, { at: iso(ca.notBefore) });
      } else {
        const pki = await loadTestPki({ certPem: cert.text, keyPem: key.text });
        await tightenKeyMode(caKeyPath);
        for (const r of await readRevocations(abs, cert.text)) pki.revokeSerial(r.serial);
        return { pki, ...paths, state: 'reused' };
      }
    } catch (err) {
      why = t(M.pkiUnusable, lang, { error: (err as Error).message });
    }
  }
  const pki = await create(abs, now, lang);
  return {
    pki,
    ...paths,
    state: 'regenerated',
    message: t(M.pkiReplaced, lang, { dir: abs, why, path: caCertPath }),
  };
}

async function create(dir: string, now: number, lang: Lang): Promise<TestPki> {
  const pki = await createTestPki({ now });
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // write beside, then rename: a reader never sees half a file
    const suffix = `.${process.pid}.tmp`;
    await writeFile(join(dir, 'ca.key' + suffix), pki.ca.keyPem, { mode: 0o600 });
    await writeFile(join(dir, 'ca.pem' + suffix), pki.ca.certPem, { mode: 0o644 });
    await rename(join(dir, 'ca.key' + suffix), join(dir, 'ca.key'));
    await rename(join(dir, 'ca.pem' + suffix), join(dir, 'ca.pem'));
    await chmod(join(dir, 'ca.key'), 0o600);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new PolihonError('E_INTERNAL', t(M.pkiWriteFailed, lang, { dir, error: e.code ?? e.message }), { cause: err, hint: t(M.pkiWriteHint, lang) });
  }
  return pki;
}

async function tightenKeyMode(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) await chmod(path, 0o600);
}

type Read = { text: string } | { missing: true } | { error: string };

async function read(path: string): Promise<Read> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? { missing: true } : { error: e.code ?? e.message };
  }
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

// ---------------------------------------------------------------------------------------------------------
// The workspace's revocation list (`polihon pki revoke`): revoked.json beside the CA, naming the CA it belongs to, so
// a replaced CA starts with an empty list (its serials are another CA's).

export interface Revocation {
  serial: string;
  /** the X-Road identifier or common name, for a person reading the file */
  who: string;
  /** when it was revoked, ISO */
  at: string;
}

interface RevocationFile {
  ca: string;
  revoked: Revocation[];
}

const caId = (caPem: string) => describeCertificate(caPem).sha256;

/** The revocations of this CA in `dir` (absolute or relative); none when there is no list or it is another CA's. */
export async function readRevocations(dir: string, caCertPem: string): Promise<Revocation[]> {
  const r = await read(join(resolve(dir), 'revoked.json'));
  if (!('text' in r)) return [];
  try {
    const file = JSON.parse(r.text) as Partial<RevocationFile>;
    return file.ca === caId(caCertPem) && Array.isArray(file.revoked) ? file.revoked.filter((x) => typeof x?.serial === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds a certificate to the list (once); false when it was already there. */
export async function addRevocation(dir: string, caCertPem: string, revocation: Revocation): Promise<boolean> {
  const abs = resolve(dir);
  const list = await readRevocations(abs, caCertPem);
  if (list.some((x) => x.serial === revocation.serial)) return false;
  const file: RevocationFile = { ca: caId(caCertPem), revoked: [...list, revocation] };
  const tmp = join(abs, `revoked.json.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o644 });
  await rename(tmp, join(abs, 'revoked.json'));
  return true;
}

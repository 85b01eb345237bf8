// `polihon pki issue | show | revoke`: certificates of the workspace's test CA (cli/pki-cache.ts) for a participant's
// information system, a user or a security server, bound to an X-Road subsystem — what a participant presents in an
// mTLS run (`certificate: { cert, key }` in its profile) and what `serve --tls` trusts. Test-only: the CA signs what
// it is asked. `show` exits 1 when the certificate does not chain to the CA, is not valid now or is revoked.
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { t, type Lang } from '../../core/i18n.ts';
import { describeCertificate, parseSubsystemId, xroadIdOf, type CertKind, type CertSubject, type IssueOptions } from '../../core/pki.ts';
import type { Args } from '../main.ts';
import { langOfArgs, PKI } from '../messages.ts';
import type { Output } from '../output.ts';
import { addRevocation, DEFAULT_PKI_DIR, loadOrCreatePki, type CachedPki } from '../pki-cache.ts';

const DAY = 86_400_000;
const MAX_DAYS = 3650;
const KINDS: readonly IssueOptions['kind'][] = ['participant', 'user', 'security-server'];
const FILES = ['cert.pem', 'key.pem', 'ca.pem'] as const;

/** `pkiDir` is the workspace's CA folder; tests give their own. */
export async function pkiCommand(args: Args, out: Output, pkiDir: string = DEFAULT_PKI_DIR, now: number = Date.now()): Promise<number> {
  const lang = langOfArgs(args);
  const [verb, file, ...extra] = args.positionals;
  const usage = () => new PolihonError('E_USAGE', t(PKI.usage, lang), { hint: t(PKI.usageHint, lang) });
  if (args.values.revoke !== undefined) {
    if (file !== undefined || (verb !== undefined && verb !== 'revoke' && verb !== 'issue')) throw usage();
    return revoke(args.values.revoke, out, lang, pkiDir, now);
  }
  if (verb === 'issue' && file === undefined) return issue(args, out, lang, pkiDir, now);
  if (verb === 'show' && file !== undefined && extra.length === 0) return show(file, out, lang, pkiDir, now);
  if (verb === 'revoke' && file !== undefined && extra.length === 0) return revoke(file, out, lang, pkiDir, now);
  throw usage();
}

async function workspaceCa(out: Output, lang: Lang, pkiDir: string, now: number): Promise<CachedPki> {
  const cached = await loadOrCreatePki(pkiDir, now, lang);
  if (cached.message) out.stderr(`${cached.message}\n`);
  return cached;
}

async function issue(args: Args, out: Output, lang: Lang, pkiDir: string, now: number): Promise<number> {
  const v = args.values;
  const kind = (v.kind ?? 'participant') as IssueOptions['kind'];
  if (!KINDS.includes(kind)) throw new PolihonError('E_USAGE', t(PKI.badKind, lang, { value: String(v.kind) }));
  const id = v.subsystem !== undefined ? parseSubsystemId(v.subsystem) : undefined;
  if (v.subsystem !== undefined && !id) throw new PolihonError('E_USAGE', t(PKI.badSubsystem, lang, { value: v.subsystem }), { hint: t(PKI.subsystemHint, lang) });
  if (kind === 'participant' && !id) throw new PolihonError('E_USAGE', t(PKI.subsystemRequired, lang), { hint: t(PKI.subsystemHint, lang) });
  const daysText = v.days ?? '365';
  const days = Number(daysText);
  if (!/^\d+$/.test(daysText) || days < 1 || days > MAX_DAYS) throw new PolihonError('E_USAGE', t(PKI.badDays, lang, { value: daysText, max: MAX_DAYS }));
  if (!v.out) throw new PolihonError('E_USAGE', t(PKI.outRequired, lang), { hint: t(PKI.usageHint, lang) });
  const dir = resolve(v.out);
  if (!v.force) {
    const present = (await Promise.all(FILES.map(async (f) => ((await exists(join(dir, f))) ? f : undefined)))).filter(Boolean);
    if (present.length) throw new PolihonError('E_USAGE', t(PKI.outExists, lang, { dir, files: present.join(', ') }), { hint: t(PKI.optForce, lang) });
  }

  const { pki } = await workspaceCa(out, lang, pkiDir, now);
  const ca = describeCertificate(pki.ca.certPem);
  // valid from the CA's own start: a scenario's virtual clock may stand years before today
  let notAfter = now + days * DAY;
  if (notAfter > ca.notAfter) {
    notAfter = ca.notAfter;
    out.stderr(`${t(PKI.clamped, lang, { at: iso(ca.notAfter) })}\n`);
  }
  const idText = id ? `${id.instance}/${id.memberClass}/${id.edrpou}/${id.subsystem}` : undefined;
  const pair = await pki.issue({
    kind,
    commonName: v.name?.trim() || idText || (kind === 'security-server' ? 'localhost' : 'polihon test user'),
    notBefore: ca.notBefore,
    notAfter,
    ...(id ? { edrpou: id.edrpou, subsystem: id.subsystem, instance: id.instance, memberClass: id.memberClass } : {}),
  });
  const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), ca: join(dir, 'ca.pem') };
  try {
    await mkdir(dir, { recursive: true });
    const suffix = `.${process.pid}.tmp`;
    await writeFile(paths.key + suffix, pair.keyPem, { mode: 0o600 });
    await writeFile(paths.cert + suffix, pair.certPem, { mode: 0o644 });
    await writeFile(paths.ca + suffix, pki.ca.certPem, { mode: 0o644 });
    for (const p of Object.values(paths)) await rename(p + suffix, p);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new PolihonError('E_INTERNAL', t(PKI.writeFailed, lang, { dir, error: e.code ?? e.message }), { cause: err });
  }
  const subject = describeCertificate(pair.certPem);
  out.stdout(
    [
      t(PKI.issued, lang, { kind, who: xroadIdOf(subject) ?? subject.commonName }),
      ...describe(subject, lang),
      t(PKI.files, lang, paths),
      t(PKI.useInRun, lang, { cert: paths.cert, key: paths.key }),
    ].join('\n') + '\n',
  );
  return EXIT.ok;
}

async function show(file: string, out: Output, lang: Lang, pkiDir: string, now: number): Promise<number> {
  const pem = await readCert(file, lang);
  const subject = describeOrThrow(pem, file, lang);
  const { pki, caCertPath } = await workspaceCa(out, lang, pkiDir, now);
  const chain = pki.verifyChain(pem, now);
  out.stdout(
    [
      ...(subject.kind ? [t(PKI.kind, lang, { kind: subject.kind })] : []),
      ...describe(subject, lang),
      chain.ok ? t(PKI.chainOk, lang, { ca: caCertPath }) : t(PKI.chainBad, lang, { reason: chain.reason }),
    ].join('\n') + '\n',
  );
  return chain.ok ? EXIT.ok : EXIT.conformanceFailures;
}

async function revoke(file: string, out: Output, lang: Lang, pkiDir: string, now: number): Promise<number> {
  const pem = await readCert(file, lang);
  const subject = describeOrThrow(pem, file, lang);
  const { pki, dir } = await workspaceCa(out, lang, pkiDir, now);
  // a certificate of another CA is not this list's to revoke; one already revoked or expired still is
  const chain = pki.verifyChain(pem, subject.notBefore);
  if (!chain.ok && !chain.reason.startsWith('revoked')) throw new PolihonError('E_USAGE', t(PKI.notOurs, lang, { file, reason: chain.reason }), { hint: t(PKI.notOursHint, lang) });
  const who = xroadIdOf(subject) ?? subject.commonName;
  const added = await addRevocation(dir, pki.ca.certPem, { serial: subject.serial, who, at: iso(now) });
  out.stdout(`${added ? t(PKI.revoked, lang, { who, serial: subject.serial, file: join(dir, 'revoked.json') }) : t(PKI.revokedAlready, lang, { who, serial: subject.serial })}\n`);
  return EXIT.ok;
}

function describe(s: CertSubject, lang: Lang): string[] {
  return [
    t(PKI.subject, lang, { cn: s.commonName }),
    t(PKI.owner, lang, { edrpou: s.edrpou ?? t(PKI.none, lang), id: xroadIdOf(s) ?? t(PKI.none, lang) }),
    t(PKI.validity, lang, { from: iso(s.notBefore), to: iso(s.notAfter) }),
    t(PKI.serial, lang, { serial: s.serial, sha256: s.sha256 }),
  ];
}

async function readCert(file: string, lang: Lang): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new PolihonError('E_USAGE', t(PKI.unreadable, lang, { file, error: e.code ?? e.message }));
  }
}

function describeOrThrow(pem: string, file: string, lang: Lang): CertSubject & { kind?: CertKind } {
  try {
    return describeCertificate(pem);
  } catch (err) {
    throw new PolihonError('E_USAGE', t(PKI.unreadable, lang, { file, error: (err as Error).message }));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// mTLS runs (`run --mtls`, or a profile with `certificate`): the simulators' participant-facing ports serve HTTPS with
// a security-server certificate of the test CA and ask for a client certificate; the participant presents its own —
// the profile's, or one the harness issues for the run for the profile's identity (or the participant slot's) — and is
// told where it is in its launch env: POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY and POLIHON_CA (the CA that signed the
// simulators' certificate, for the participant to trust). Each call is then admitted by the transport
// (simulators/transport/admission.ts) at the scenario's virtual instant.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PolihonError } from '../core/errors.ts';
import { msg, render } from '../core/i18n.ts';
import { createTestPki, describeCertificate, sameKey, type TestPki } from '../core/pki.ts';
import type { ScenarioWarning } from '../core/results.ts';
import type { AdmissionRefused } from '../simulators/transport/admission.ts';
import type { TlsServeOptions } from '../simulators/transport/tls.ts';
import { MTLS } from './messages.ts';
import type { SutProfile } from './sut-profile.ts';
import { participantScope } from './world.ts';

/** What a caller gives a run for mTLS: the CA (the workspace's, cli/pki-cache.ts) and where to write the run's files. */
export interface RunMtlsOptions {
  /** default: a fresh in-memory CA for this run */
  pki?: TestPki;
  /** default: a new folder under the system's temp folder */
  dir?: string;
}

export interface PreparedMtls {
  pki: TestPki;
  /** the simulators' HTTPS: client certificates requested, the handshake never refused (admission says why instead) */
  tls: TlsServeOptions;
  /** POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY, POLIHON_CA: absolute paths */
  env: Record<string, string>;
  /**
   * whose certificate the participant presents: issued for the run, or the profile's; `sha256` of its DER, lower-case
   * hex (how an ОТД names it)
   */
  certificate: { source: 'issued' | 'profile'; certPath: string; sha256: string };
  /** the SHA-256 of the simulators' certificate's public key (base64): what a `ui` step's browser accepts */
  serverSpki: string;
}

/** True when the run serves the participant over mTLS. */
export function mtlsWanted(profile: Pick<SutProfile, 'certificate'>, flag: boolean | undefined): boolean {
  return flag === true || profile.certificate !== undefined;
}

/**
 * Issues what an mTLS run needs and writes it as files. A profile `certificate: { cert, key }` (paths relative to
 * the profile) is used as it is — checked to be a certificate with its key, not judged: admission does that, per call;
 * `certificate: issue` or no `certificate` (`--mtls` alone) issues one for the participant's identity.
 * Example: const m = await prepareMtls(profile, { pki }, Date.now()); launch with { ...m.env }.
 */
export async function prepareMtls(profile: SutProfile, options: RunMtlsOptions, now: number): Promise<PreparedMtls> {
  const pki = options.pki ?? (await createTestPki({ now }));
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'polihon-mtls-')));
  const server = await pki.issue({ kind: 'security-server', commonName: 'simulators.polihon.test' });
  const caPath = join(dir, 'ca.pem');
  let certPath: string;
  let keyPath: string;
  let certPem: string;
  let source: PreparedMtls['certificate']['source'];
  if (profile.certificate !== undefined && profile.certificate !== 'issue') {
    const base = dirname(resolve(profile.file));
    certPath = resolve(base, profile.certificate.cert);
    keyPath = resolve(base, profile.certificate.key);
    certPem = await checkPair(profile.file, certPath, keyPath);
    source = 'profile';
  } else {
    const who = participantScope(profile);
    const pair = await pki.issue({
      kind: 'participant',
      commonName: profile.name,
      edrpou: who.edrpou,
      subsystem: who.subsystem,
      instance: who.instance,
      memberClass: who.memberClass,
    });
    certPem = pair.certPem;
    certPath = join(dir, 'cert.pem');
    keyPath = join(dir, 'key.pem');
    await write(dir, [
      [certPath, pair.certPem, 0o644],
      [keyPath, pair.keyPem, 0o600],
    ]);
    source = 'issued';
  }
  await write(dir, [[caPath, pki.ca.certPem, 0o644]]);
  return {
    pki,
    tls: { certPem: server.certPem, keyPem: server.keyPem, caPem: pki.ca.certPem, requestClientCert: true, rejectUnauthorized: false },
    env: { POLIHON_CLIENT_CERT: certPath, POLIHON_CLIENT_KEY: keyPath, POLIHON_CA: caPath },
    certificate: { source, certPath, sha256: createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex') },
    serverSpki: createHash('sha256').update(new X509Certificate(server.certPem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64'),
  };
}

async function checkPair(profileFile: string, certPath: string, keyPath: string): Promise<string> {
  const readOrThrow = async (path: string, what: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new PolihonError('E_PROFILE_INVALID', msg(MTLS.certMissing, { what, path, error: e.code ?? e.message }), { where: profileFile, hint: msg(MTLS.certHint) });
    }
  };
  const [cert, key] = [await readOrThrow(certPath, 'cert'), await readOrThrow(keyPath, 'key')];
  try {
    describeCertificate(cert);
    if (!sameKey(cert, key)) throw new PolihonError('E_PROFILE_INVALID', msg(MTLS.keyMismatch, { key: keyPath, cert: certPath }), { where: profileFile, hint: msg(MTLS.certHint) });
    return cert;
  } catch (err) {
    if (err instanceof PolihonError) throw err;
    throw new PolihonError('E_PROFILE_INVALID', msg(MTLS.certUnusable, { path: certPath, error: (err as Error).message }), { where: profileFile, hint: msg(MTLS.certHint) });
  }
}

async function write(dir: string, files: [string, string, number][]): Promise<void> {
  try {
    for (const [path, text, mode] of files) await writeFile(path, text, { mode });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new PolihonError('E_INTERNAL', msg(MTLS.writeFailed, { dir, error: e.code ?? e.message }), { cause: err });
  }
}

/** One warning per simulator and refusal code, with how often and the first reason; the journal has every one. */
export function admissionWarnings(refused: readonly AdmissionRefused[]): ScenarioWarning[] {
  const groups = new Map<string, AdmissionRefused[]>();
  for (const r of refused) {
    const key = `${r.simulator} ${r.code}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const m = msg(MTLS.refused, { simulator: first.simulator, n: list.length, code: first.code, requirement: first.requirement, reason: first.reason });
    return { message: render(m, 'en'), msg: m, journalRefs: list.map((r) => r.entry.seq) };
  });
}

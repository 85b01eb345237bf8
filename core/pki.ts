// The test PKI (docs/en/guide.md §14): one ECDSA P-256 certification authority per workspace issuing security-server,
// participant and user certificates, a chain check against it at an injected instant, revocation, and detached
// ECDSA signatures. Never for real use: keys are generated in memory and the CA signs whatever it is asked.
//
// How a certificate says who it belongs to (read back by describeCertificate):
//  - ЄДРПОУ: the subject attribute organizationIdentifier (2.5.4.97) = `NTRUA-<ЄДРПОУ>`, the ETSI EN 319 412-1
//    legal-person semantics identifier that Ukrainian qualified certificates of legal entities carry. Required
//    for participant certificates (Трембіта 2.0: "certificates must carry the ЄДРПОУ", protocol-facts §4.1), optional for
//    the others (the security server's owner, the user's employer).
//  - X-Road member and subsystem: a subjectAltName URI `xroad:<instance>/<memberClass>/<ЄДРПОУ>[/<subsystem>]`,
//    e.g. `xroad:SEVDEIR-TEST/GOV/00032684/MIA_prod` (instance SEVDEIR-TEST and class GOV by default). Written
//    whenever an ЄДРПОУ is given; a participant certificate without a subsystem is a member-level one.
//  - Kind: subject OU = `polihon:<kind>` (ca, security-server, participant, user). A certificate from elsewhere
//    without that mark gets a kind inferred from its extensions where it is unambiguous (CA, TLS server).
//
// Profiles (key usage / extended key usage):
//  - ca: basicConstraints CA (pathLen 0), keyCertSign + cRLSign.
//  - security-server: digitalSignature + keyAgreement (Трембіта 2.0 asks "Key Agreement" of the authentication
//    certificate; digitalSignature is what (EC)DHE-ECDSA TLS needs), serverAuth + clientAuth (server to server
//    mTLS); subjectAltName dnsNames/ipAddresses, by default localhost, 127.0.0.1 and ::1.
//  - participant: digitalSignature + nonRepudiation (the signing certificate's "Non Repudiation", and TLS client
//    authentication), clientAuth.
//  - user: digitalSignature + nonRepudiation, clientAuth + emailProtection.
// Every certificate has a random 127-bit serial (unique across runs of a cached CA), subject and authority key ids.
//
// Pure apart from the crypto's own randomness: time is always passed in (`now`, notBefore/notAfter), there is
// no file I/O (the CLI caches the CA, cli/pki-cache.ts).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import {
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
  webcrypto,
  X509Certificate as NodeX509Certificate,
} from 'node:crypto';
import { INSTANCE_TEST, MEMBER_CLASS_GOV } from './identifiers/xroad-id.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface PemPair {
  certPem: string;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), unencrypted */
  keyPem: string;
}

export type CertKind = 'ca' | 'security-server' | 'participant' | 'user';

export interface IssueOptions {
  kind: Exclude<CertKind, 'ca'>;
  commonName: string;
  /** 8 digits, leading zeros kept; required for 'participant'. Not checksum-checked, so a bad one can be tested. */
  edrpou?: string;
  /** X-Road subsystem code, bound with the ЄДРПОУ in the xroad: URI (needs `edrpou`) */
  subsystem?: string;
  /** X-Road instance of the xroad: URI; default SEVDEIR-TEST */
  instance?: string;
  /** X-Road member class of the xroad: URI; default GOV */
  memberClass?: string;
  /** subjectAltName DNS names; security servers default to ['localhost'] */
  dnsNames?: string[];
  /** subjectAltName IP addresses; security servers default to ['127.0.0.1', '::1'] */
  ipAddresses?: string[];
  /** epoch ms; default the CA's notBefore */
  notBefore?: number;
  /** epoch ms; default the CA's notAfter */
  notAfter?: number;
}

export interface CertSubject {
  commonName: string;
  edrpou?: string;
  subsystem?: string;
  instance?: string;
  memberClass?: string;
  kind?: CertKind;
  /** lower-case hex, as revoke() and verifyChain() compare it */
  serial: string;
  notBefore: number;
  notAfter: number;
  /** SHA-256 of the DER certificate, lower-case hex without separators (X-Road registers certificates by hash) */
  sha256: string;
  dnsNames: string[];
  ipAddresses: string[];
}

export type ChainCheck = { ok: true; subject: CertSubject } | { ok: false; reason: string };

export interface TestPki {
  ca: PemPair;
  issue(opts: IssueOptions): Promise<PemPair>;
  /** chains to this CA (signature and issuer name), within validity at `now` (and the CA too), not revoked */
  verifyChain(certPem: string, now: number): ChainCheck;
  /** marks the certificate's serial revoked in this TestPki (in memory) */
  revoke(certPem: string): void;
  /** the same by serial (lower-case hex), for a revocation list kept elsewhere (the workspace's, cli/pki-cache.ts) */
  revokeSerial(serial: string): void;
}

export interface CreateTestPkiOptions {
  /** the instant the CA is made at, epoch ms */
  now: number;
  /** CA common name; default 'Polihon Test CA' */
  name?: string;
  /**
   * CA validity start; default five years before `now`, so a virtual clock set in the past (scenario start
   * dates) still finds certificates valid
   */
  notBefore?: number;
  /** CA validity end; default ten years after `now` */
  notAfter?: number;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const OID_ORGANIZATION_IDENTIFIER = '2.5.4.97';
const KIND_PREFIX = 'polihon:';
const KINDS: readonly CertKind[] = ['ca', 'security-server', 'participant', 'user'];
// X-Road forbids these in identifier parts; '/' and ':' would also break the xroad: URI.
const FORBIDDEN_ID_CHARS = /[:;/\\%\s\u0000-\u001f\u007f]/;

/**
 * A new CA. Example: const pki = await createTestPki({ now: clock.now() });
 * const ss = await pki.issue({ kind: 'security-server', commonName: 'ss1.polihon.test' }).
 */
export async function createTestPki(opts: CreateTestPkiOptions): Promise<TestPki> {
  requireInstant(opts.now, 'now');
  const notBefore = opts.notBefore ?? opts.now - 5 * YEAR;
  const notAfter = opts.notAfter ?? opts.now + 10 * YEAR;
  requireWindow(notBefore, notAfter);
  const keys = await generateKeys();
  const name = new x509.Name([
    { C: ['UA'] },
    { O: ['Polihon (test only)'] },
    { OU: [`${KIND_PREFIX}ca`] },
    { CN: [opts.name ?? 'Polihon Test CA'] },
  ]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return pkiFrom(cert, keys.privateKey, { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) });
}

/** A TestPki around a CA made earlier (the CLI's cached one). Throws if the key is not the certificate's or it is no CA. */
export async function loadTestPki(ca: PemPair): Promise<TestPki> {
  const cert = new x509.X509Certificate(ca.certPem);
  if (!cert.getExtension(x509.BasicConstraintsExtension)?.ca) throw new Error(`'${cert.subject}' is not a CA certificate`);
  if (!sameKey(ca.certPem, ca.keyPem)) throw new Error(`the CA key does not belong to '${cert.subject}'`);
  const der = createPrivateKey(ca.keyPem).export({ format: 'der', type: 'pkcs8' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  return pkiFrom(cert, key as unknown as CryptoKey, { certPem: ca.certPem, keyPem: ca.keyPem });
}

function pkiFrom(caCert: x509.X509Certificate, caKey: CryptoKey, ca: PemPair): TestPki {
  const caNode = new NodeX509Certificate(ca.certPem);
  const caNotBefore = caCert.notBefore.getTime();
  const caNotAfter = caCert.notAfter.getTime();
  const caSki = caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const revoked = new Set<string>();
  return {
    ca,
    async issue(o) {
      const notBefore = o.notBefore ?? caNotBefore;
      const notAfter = o.notAfter ?? caNotAfter;
      requireWindow(notBefore, notAfter);
      const keys = await generateKeys();
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: randomSerial(),
        subject: subjectName(o),
        issuer: caCert.subjectName,
        notBefore: new Date(notBefore),
        notAfter: new Date(notAfter),
        publicKey: keys.publicKey,
        signingKey: caKey,
        signingAlgorithm: ALG,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(PROFILES[o.kind].keyUsage, true),
          new x509.ExtendedKeyUsageExtension(PROFILES[o.kind].extendedKeyUsage, false),
          ...altNames(o),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
          ...(caSki ? [new x509.AuthorityKeyIdentifierExtension(caSki)] : []),
        ],
      });
      return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
    },
    verifyChain(certPem, now) {
      let cert: NodeX509Certificate;
      try {
        cert = new NodeX509Certificate(certPem);
      } catch (err) {
        return { ok: false, reason: `not a certificate: ${(err as Error).message}` };
      }
      if (!cert.checkIssued(caNode) || !cert.verify(caNode.publicKey)) {
        return { ok: false, reason: `not issued by the test CA '${caCert.subject}' (issuer: '${cert.issuer.replace(/\n/g, ', ')}')` };
      }
      const subject = describeCertificate(certPem);
      if (now < subject.notBefore) return { ok: false, reason: `not yet valid at ${iso(now)}: valid from ${iso(subject.notBefore)}` };
      if (now > subject.notAfter) return { ok: false, reason: `expired at ${iso(subject.notAfter)} (checked at ${iso(now)})` };
      if (now < caNotBefore || now > caNotAfter) {
        return { ok: false, reason: `the test CA is not valid at ${iso(now)}: valid ${iso(caNotBefore)} to ${iso(caNotAfter)}` };
      }
      if (revoked.has(subject.serial)) return { ok: false, reason: `revoked (serial ${subject.serial})` };
      return { ok: true, subject };
    },
    revoke(certPem) {
      revoked.add(describeCertificate(certPem).serial);
    },
    revokeSerial(serial) {
      revoked.add(serial.toLowerCase());
    },
  };
}

/** Reads back what a certificate binds (see the module header). Throws on text that is not a certificate. */
export function describeCertificate(certPem: string): CertSubject {
  const cert = new x509.X509Certificate(certPem);
  const name = cert.subjectName;
  const orgId = name.getField(OID_ORGANIZATION_IDENTIFIER).find((v) => v.startsWith('NTRUA-'));
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const sanNames = san ? san.names.toJSON() : [];
  const xroad = sanNames.filter((n) => n.type === 'url' && n.value.startsWith('xroad:')).map((n) => n.value.slice('xroad:'.length).split('/'))[0];
  const mark = name.getField('OU').find((v) => v.startsWith(KIND_PREFIX))?.slice(KIND_PREFIX.length);
  const out: CertSubject = {
    commonName: name.getField('CN')[0] ?? '',
    serial: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore.getTime(),
    notAfter: cert.notAfter.getTime(),
    sha256: new NodeX509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase(),
    dnsNames: sanNames.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: sanNames.filter((n) => n.type === 'ip').map((n) => n.value),
  };
  const edrpou = orgId?.slice('NTRUA-'.length) ?? xroad?.[2];
  if (edrpou) out.edrpou = edrpou;
  if (xroad) {
    const [instance, memberClass, , subsystem] = xroad;
    if (instance) out.instance = instance;
    if (memberClass) out.memberClass = memberClass;
    if (subsystem) out.subsystem = subsystem;
  }
  const kind = KINDS.find((k) => k === mark) ?? inferKind(cert);
  if (kind) out.kind = kind;
  return out;
}

/**
 * The X-Road identifier a certificate binds, as the textual form `instance/memberClass/memberCode[/subsystem]`
 * (e.g. `SEVDEIR-TEST/GOV/04054866/RTG_prod`), or undefined when it carries no xroad: URI.
 */
export function xroadIdOf(subject: CertSubject): string | undefined {
  if (!subject.instance || !subject.memberClass || !subject.edrpou) return undefined;
  return [subject.instance, subject.memberClass, subject.edrpou, ...(subject.subsystem ? [subject.subsystem] : [])].join('/');
}

/**
 * Reads an X-Road subsystem identifier `instance/memberClass/memberCode/subsystem` (an optional `SUBSYSTEM:` prefix
 * allowed) into the parts a certificate binds; undefined for anything else. The member code must be an ЄДРПОУ.
 */
export function parseSubsystemId(text: string): { instance: string; memberClass: string; edrpou: string; subsystem: string } | undefined {
  const parts = text.trim().replace(/^SUBSYSTEM:/, '').split('/');
  if (parts.length !== 4 || parts.some((p) => p === '' || FORBIDDEN_ID_CHARS.test(p))) return undefined;
  const [instance, memberClass, edrpou, subsystem] = parts as [string, string, string, string];
  if (!/^\d{8}$/.test(edrpou)) return undefined;
  return { instance, memberClass, edrpou, subsystem };
}

export type SignatureEncoding = 'ieee-p1363' | 'der';

/**
 * ECDSA P-256 with SHA-256 over `data` (a string is signed as its UTF-8 bytes), base64. The signature is the raw
 * r‖s form (64 bytes, IEEE P1363) as XML-DSig (ecdsa-sha256) and JWS (ES256) carry it; `encoding: 'der'` gives the
 * ASN.1 form that CMS and openssl use.
 */
export async function signDetached(keyPem: string, data: string | Uint8Array, encoding: SignatureEncoding = 'ieee-p1363'): Promise<string> {
  return nodeSign('sha256', bytes(data), { key: keyPem, dsaEncoding: encoding }).toString('base64');
}

/** Checks a signature made by signDetached against the certificate's public key; false for any mismatch. */
export async function verifyDetached(certPem: string, data: string | Uint8Array, signatureB64: string, encoding: SignatureEncoding = 'ieee-p1363'): Promise<boolean> {
  const key = new NodeX509Certificate(certPem).publicKey;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(signatureB64)) return false;
  try {
    return nodeVerify('sha256', bytes(data), { key, dsaEncoding: encoding }, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** True when `keyPem` is the private key of the certificate's public key. */
export function sameKey(certPem: string, keyPem: string): boolean {
  const fromCert = new NodeX509Certificate(certPem).publicKey.export({ format: 'der', type: 'spki' });
  const fromKey = createPublicKey(createPrivateKey(keyPem)).export({ format: 'der', type: 'spki' });
  return fromCert.equals(fromKey);
}

// ---------------------------------------------------------------------------------------------------------
// The contract between the HTTPS transport and a simulator: the transport strips every header starting with
// CLIENT_CERT_HEADER_PREFIX that arrives from the network, then sets these from the TLS session.

export const CLIENT_CERT_HEADER_PREFIX = 'x-polihon-client-cert';
export const CLIENT_CERT_HEADERS = {
  /** 'verified' (chains to the server's CA at real time), 'unverified' (presented, did not verify), 'none' */
  status: 'x-polihon-client-cert-status',
  /** the presented certificate, PEM, URL-encoded (encodeURIComponent) */
  pem: 'x-polihon-client-cert',
  /** CertSubject as JSON, non-ASCII escaped as \uXXXX so the header stays ASCII */
  subject: 'x-polihon-client-cert-subject',
  /** why it did not verify, as OpenSSL says it (e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE) */
  error: 'x-polihon-client-cert-error',
} as const;

export interface ClientCertificate {
  status: 'verified' | 'unverified' | 'none';
  certPem?: string;
  subject?: CertSubject;
  error?: string;
}

/**
 * What the transport saw of the caller's TLS client certificate. 'none' also over plain HTTP and in-process
 * (msw), where a test may set the headers itself to stand in for mTLS. 'verified' is checked at real time and
 * without revocation: a simulator judging a caller calls `pki.verifyChain(certPem, clock.now())` as well.
 */
export function clientCertificateOf(headers: Headers): ClientCertificate {
  const status = headers.get(CLIENT_CERT_HEADERS.status);
  const pem = headers.get(CLIENT_CERT_HEADERS.pem);
  const out: ClientCertificate = { status: status === 'verified' || status === 'unverified' ? status : 'none' };
  if (pem) {
    try {
      out.certPem = decodeURIComponent(pem);
      out.subject = describeCertificate(out.certPem);
    } catch {
      // a certificate that does not parse counts as none
      return { status: 'none' };
    }
  }
  if (out.status !== 'none' && !out.certPem) return { status: 'none' };
  const error = headers.get(CLIENT_CERT_HEADERS.error);
  if (error) out.error = error;
  return out;
}

/** The header values for a presented certificate (`undefined` = none presented); used by the transport. */
export function clientCertificateHeaders(certPem: string | undefined, authorized: boolean, error?: string): Record<string, string> {
  if (!certPem) return { [CLIENT_CERT_HEADERS.status]: 'none' };
  const out: Record<string, string> = {
    [CLIENT_CERT_HEADERS.status]: authorized ? 'verified' : 'unverified',
    [CLIENT_CERT_HEADERS.pem]: encodeURIComponent(certPem),
  };
  try {
    out[CLIENT_CERT_HEADERS.subject] = asciiJson(describeCertificate(certPem));
  } catch {
    // unparseable by us though OpenSSL took it: the PEM is still there
  }
  if (!authorized && error) out[CLIENT_CERT_HEADERS.error] = error.replace(/[^\x20-\x7e]/g, '?');
  return out;
}

/** PEM of a DER certificate (what node:tls getPeerCertificate().raw gives). */
export function derToPem(der: Uint8Array): string {
  return x509.PemConverter.encode(new Uint8Array(der).buffer, 'CERTIFICATE');
}

// ---------------------------------------------------------------------------------------------------------

const PROFILES: Record<IssueOptions['kind'], { keyUsage: number; extendedKeyUsage: string[] }> = {
  'security-server': {
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  },
  participant: {
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
  },
  user: {
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.emailProtection],
  },
};

function subjectName(o: IssueOptions): x509.Name {
  if (!(o.kind in PROFILES)) throw new RangeError(`certificate kind must be security-server, participant or user, got '${String(o.kind)}'`);
  if (typeof o.commonName !== 'string' || o.commonName.trim() === '') throw new RangeError('commonName must not be empty');
  if (o.kind === 'participant' && o.edrpou === undefined) throw new RangeError('a participant certificate needs the ЄДРПОУ (edrpou)');
  if (o.edrpou !== undefined && !/^\d{8}$/.test(o.edrpou)) throw new RangeError(`edrpou must be 8 digits, got '${o.edrpou}'`);
  if (o.subsystem !== undefined && o.edrpou === undefined) throw new RangeError('a subsystem is bound together with the ЄДРПОУ: give edrpou too');
  for (const [field, value] of [
    ['subsystem', o.subsystem],
    ['instance', o.instance],
    ['memberClass', o.memberClass],
  ] as const) {
    if (value !== undefined && (value === '' || FORBIDDEN_ID_CHARS.test(value))) {
      throw new RangeError(`${field} '${value}' must be non-empty without spaces, ':', ';', '/', '\\' or '%'`);
    }
  }
  return new x509.Name([
    { C: ['UA'] },
    ...(o.edrpou ? [{ [OID_ORGANIZATION_IDENTIFIER]: [`NTRUA-${o.edrpou}`] }] : []),
    { OU: [`${KIND_PREFIX}${o.kind}`] },
    { CN: [o.commonName] },
  ]);
}

function altNames(o: IssueOptions): x509.Extension[] {
  const names: x509.JsonGeneralName[] = [];
  const dns = o.dnsNames ?? (o.kind === 'security-server' ? ['localhost'] : []);
  const ips = o.ipAddresses ?? (o.kind === 'security-server' ? ['127.0.0.1', '::1'] : []);
  for (const d of dns) names.push({ type: 'dns', value: d });
  for (const ip of ips) names.push({ type: 'ip', value: ip });
  if (o.edrpou) {
    const parts = [o.instance ?? INSTANCE_TEST, o.memberClass ?? MEMBER_CLASS_GOV, o.edrpou, ...(o.subsystem ? [o.subsystem] : [])];
    names.push({ type: 'url', value: `xroad:${parts.join('/')}` });
  }
  return names.length ? [new x509.SubjectAlternativeNameExtension(names, false)] : [];
}

function inferKind(cert: x509.X509Certificate): CertKind | undefined {
  if (cert.getExtension(x509.BasicConstraintsExtension)?.ca) return 'ca';
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  if (eku.includes(x509.ExtendedKeyUsage.serverAuth)) return 'security-server';
  return undefined;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** 16 random bytes, top bit clear (a positive INTEGER) and never a leading zero byte. */
function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = ((b[0] as number) & 0x7f) | 0x01;
  return b.toString('hex');
}

function bytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** JSON with every non-ASCII character escaped, so it fits an HTTP header and JSON.parse reads it back. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function requireInstant(t: number, what: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`${what} must be epoch milliseconds, got ${String(t)}`);
}

function requireWindow(notBefore: number, notAfter: number): void {
  requireInstant(notBefore, 'notBefore');
  requireInstant(notAfter, 'notAfter');
  if (notAfter <= notBefore) throw new RangeError(`notAfter (${iso(notAfter)}) must be after notBefore (${iso(notBefore)})`);
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

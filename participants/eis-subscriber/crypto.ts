// What the participant signs with and how (ЄІС МВС's reference contract, simulators/eis/README.md "Signatures"):
// ECDSA P-256 / SHA-256, the raw r‖s form (IEEE P1363) in base64, detached, over the RFC 8785 canonical JSON of the
// document. The certificate is the one the run issued (POLIHON_CLIENT_CERT/KEY: a participant certificate of the
// run's test CA with the ЄДРПОУ); without it the participant makes its own self-signed participant certificate in the
// same form, which a simulator that checks no chain accepts. Imports nothing of polihon.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, sign, webcrypto, X509Certificate } from 'node:crypto';

export interface Signer {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the DER certificate, lower-case hex: how the ОТД names a certificate */
  fingerprint: string;
  /** where it came from: the run's files, or made here */
  source: 'run' | 'self';
}

/**
 * RFC 8785 (JCS) for the JSON values a participant signs: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers as ECMAScript's JSON.stringify writes them (which is what RFC 8785 prescribes), undefined
 * members left out.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('RFC 8785 has no form for NaN or Infinity');
  return JSON.stringify(value) ?? 'null';
}

/** The detached signature value: base64 of r‖s (64 bytes) over the canonical JSON. */
export function signDocument(keyPem: string, document: unknown): string {
  const key = createPrivateKey(keyPem);
  return sign('sha256', Buffer.from(canonicalJson(document), 'utf8'), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
}

/** The same signature over any text (the `sign-other-bytes` fault signs text that is not the canonical form). */
export function signBytes(keyPem: string, text: string): string {
  return sign('sha256', Buffer.from(text, 'utf8'), { key: createPrivateKey(keyPem), dsaEncoding: 'ieee-p1363' }).toString('base64');
}

export function fingerprintOf(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}

export function signerOf(certPem: string, keyPem: string, source: Signer['source']): Signer {
  return { certPem, keyPem, fingerprint: fingerprintOf(certPem), source };
}

const OID_ORGANIZATION_IDENTIFIER = '2.5.4.97';

/**
 * A self-signed participant certificate in the test PKI's form: subject OU `polihon:participant`,
 * organizationIdentifier `NTRUA-<ЄДРПОУ>`, subjectAltName `xroad:<instance>/<class>/<ЄДРПОУ>/<subsystem>`.
 */
export async function selfSigned(o: { commonName: string; edrpou: string; instance: string; memberClass: string; subsystem: string; now?: number }): Promise<Signer> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const now = o.now ?? Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash('sha256').update(`${o.commonName}${now}${Math.random()}`).digest('hex').slice(0, 30).replace(/^[89a-f]/, '1'),
    name: new x509.Name([{ C: ['UA'] }, { [OID_ORGANIZATION_IDENTIFIER]: [`NTRUA-${o.edrpou}`] }, { OU: ['polihon:participant'] }, { CN: [o.commonName] }]),
    notBefore: new Date(now - 10 * 365 * 86_400_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `xroad:${o.instance}/${o.memberClass}/${o.edrpou}/${o.subsystem}` }], false),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return signerOf(cert.toString('pem'), keyPem, 'self');
}

/** JSON text with every object's keys in reverse order (the `reorder-keys` variant); the value is the same. */
export function reversedJson(value: unknown): string {
  const flip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(flip);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse().map(([k, x]) => [k, flip(x)]));
    return v;
  };
  return JSON.stringify(flip(value));
}

/**
 * A participant certificate in the test PKI's form issued by a CA this participant made itself (the `foreign-ca`
 * fault): it chains to no CA the run trusts, yet is not self-signed, so only the chain check can refuse it.
 */
export async function foreignCaSigned(o: { commonName: string; edrpou: string; instance: string; memberClass: string; subsystem: string; now?: number }): Promise<Signer> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const now = o.now ?? Date.now();
  const serial = (tag: string) => createHash('sha256').update(`${tag}${now}${Math.random()}`).digest('hex').slice(0, 30).replace(/^[89a-f]/, '1');
  const validity = { notBefore: new Date(now - 10 * 365 * 86_400_000), notAfter: new Date(now + 10 * 365 * 86_400_000) };
  const caKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const caName = new x509.Name([{ C: ['UA'] }, { O: ['Власний ЦС учасника (polihon)'] }, { CN: ['Self-made CA'] }]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial('ca'),
    name: caName,
    ...validity,
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(o.commonName),
    subject: new x509.Name([{ C: ['UA'] }, { [OID_ORGANIZATION_IDENTIFIER]: [`NTRUA-${o.edrpou}`] }, { OU: ['polihon:participant'] }, { CN: [o.commonName] }]),
    issuer: ca.subjectName,
    ...validity,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `xroad:${o.instance}/${o.memberClass}/${o.edrpou}/${o.subsystem}` }], false),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return signerOf(cert.toString('pem'), keyPem, 'self');
}

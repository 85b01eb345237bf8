// The harness key and the statement's signature. The key is an Ed25519 pair made on first use in the workspace
// (.polihon/certification, beside the test CA's .polihon/pki; never committed), and the signature is a compact JWS
// (RFC 7515, alg EdDSA per RFC 8037) whose payload is statement.json's exact bytes: a reader with only the .jws has
// everything that was signed, and verify can compare statement.json with it and name what changed. The key id is the
// RFC 7638 thumbprint of the public key, so "signed with another key" is said with both ids. node:crypto only.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const HARNESS_KEY_DIR = join('.polihon', 'certification');
export const PRIVATE_KEY_FILE = 'harness-key.pem';
export const PUBLIC_KEY_FILE = 'harness-key.pub.pem';
/** The media type the JWS header names its payload by. */
export const STATEMENT_CTY = 'polihon-statement+json';

export interface HarnessKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RFC 7638 thumbprint, base64url */
  kid: string;
  /** absolute paths */
  privatePath: string;
  publicPath: string;
  created: boolean;
}

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

/** RFC 7638: SHA-256 over the JWK's required members in lexicographic order, base64url. */
export function thumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' }) as { kty?: string; crv?: string; x?: string; y?: string };
  const members =
    jwk.kty === 'OKP' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : undefined;
  if (!members) throw new Error(`a ${jwk.kty ?? 'non-JWK'} key: only Ed25519 (OKP) and EC keys are supported`);
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** A public key from PEM (SPKI, or the public half of a private key); throws with the reason. */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  const type = key.asymmetricKeyType;
  if (type !== 'ed25519' && type !== 'ec') throw new Error(`a ${type ?? 'unknown'} key: a polihon statement is signed with Ed25519 (or a test-PKI ECDSA P-256 key)`);
  return key;
}

/**
 * The workspace's harness key, made on first use. An existing key is never replaced: statements signed with it
 * would lose their verifier. A key file that cannot be read is thrown (with its path), not overwritten.
 */
export async function loadOrCreateHarnessKey(dir: string = HARNESS_KEY_DIR): Promise<HarnessKey> {
  const abs = resolve(dir);
  const privatePath = join(abs, PRIVATE_KEY_FILE);
  const publicPath = join(abs, PUBLIC_KEY_FILE);
  let pem: string | undefined;
  try {
    pem = await readFile(privatePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let created = false;
  let privateKey: KeyObject;
  if (pem === undefined) {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    await mkdir(abs, { recursive: true, mode: 0o700 });
    const tmp = `${privatePath}.${process.pid}.tmp`;
    await writeFile(tmp, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    await rename(tmp, privatePath);
    await chmod(privatePath, 0o600);
    created = true;
  } else {
    privateKey = createPrivateKey(pem);
  }
  const publicKey = createPublicKey(privateKey);
  // the public half is always written from the private key, so the two files cannot disagree
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
  const onDisk = await readFile(publicPath, 'utf8').catch(() => undefined);
  if (onDisk !== publicPem) await writeFile(publicPath, publicPem, { mode: 0o644 });
  return { privateKey, publicKey, kid: thumbprint(publicKey), privatePath, publicPath, created };
}

export interface JwsHeader {
  alg: 'EdDSA' | 'ES256';
  kid: string;
  typ: 'JOSE';
  cty: typeof STATEMENT_CTY;
}

/** A compact JWS over `payload` (its bytes, base64url in the middle part). */
export function signCompact(payload: Uint8Array, key: { privateKey: KeyObject; kid: string }): string {
  const alg = key.privateKey.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256';
  const header: JwsHeader = { alg, kid: key.kid, typ: 'JOSE', cty: STATEMENT_CTY };
  const input = `${b64u(JSON.stringify(header))}.${b64u(payload)}`;
  // ES256 is the raw r||s form JWS wants (RFC 7518 §3.4), not DER
  const signature = alg === 'EdDSA' ? sign(null, Buffer.from(input), key.privateKey) : sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64u(signature)}`;
}

export interface ParsedJws {
  header: Partial<JwsHeader> & Record<string, unknown>;
  payload: Buffer;
  signingInput: string;
  signature: Buffer;
}

/** Splits and decodes a compact JWS; throws with the reason when it is not one. */
export function parseCompact(text: string): ParsedJws {
  const parts = text.trim().split('.');
  if (parts.length !== 3) throw new Error(`${parts.length} part(s) separated by '.', a compact JWS has 3`);
  const bad = parts.findIndex((p) => !/^[A-Za-z0-9_-]*$/.test(p));
  if (bad !== -1) throw new Error(`part ${bad + 1} is not base64url`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  } catch (err) {
    throw new Error(`the protected header is not JSON: ${(err as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('the protected header is not a JSON object');
  return { header: header as ParsedJws['header'], payload: Buffer.from(parts[1]!, 'base64url'), signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
}

/** Whether `jws` is signed by `publicKey` with the algorithm its header names. */
export function signatureValid(jws: ParsedJws, publicKey: KeyObject): boolean {
  const data = Buffer.from(jws.signingInput);
  try {
    if (jws.header.alg === 'EdDSA' && publicKey.asymmetricKeyType === 'ed25519') return verify(null, data, publicKey, jws.signature);
    if (jws.header.alg === 'ES256' && publicKey.asymmetricKeyType === 'ec') return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jws.signature);
  } catch {
    return false;
  }
  return false;
}

// The signed message archive a Трембіта security server keeps per query id (`GET /signature?queryId=...`, protocol-facts §4.3):
// each exchange's request and response, with a detached signature over both. The signer is an interface so the
// test PKI (core/pki.ts, certificates for security servers) plugs in; until then a seeded Ed25519 key signs.
import { createHash, createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../core/journal.ts';
import { signDetached, verifyDetached, type PemPair, type TestPki } from '../../core/pki.ts';
import type { Rng } from '../../core/random.ts';

export interface ArchiveSigner {
  /** e.g. 'Ed25519', 'ECDSA-SHA256' */
  readonly algorithm: string;
  /** the signing certificate, when the signer has one (a PKI signer) */
  readonly certPem?: string;
  /** the public key in PEM, when there is no certificate */
  readonly publicKeyPem?: string;
  sign(data: Uint8Array): Promise<string>;
  verify(data: Uint8Array, signature: string): Promise<boolean>;
}

/**
 * A signer from the test PKI's detached-signature functions (core/pki.ts: signDetached / verifyDetached), passed in
 * so this module does not depend on the PKI's implementation.
 */
export function createPkiSigner(options: {
  keyPem: string;
  certPem: string;
  algorithm?: string;
  signDetached(keyPem: string, data: Uint8Array): Promise<string> | string;
  verifyDetached(certPem: string, data: Uint8Array, signature: string): Promise<boolean> | boolean;
}): ArchiveSigner {
  return {
    algorithm: options.algorithm ?? 'PKI detached signature',
    certPem: options.certPem,
    sign: async (data) => options.signDetached(options.keyPem, data),
    verify: async (data, sig) => options.verifyDetached(options.certPem, data, sig),
  };
}

/**
 * A signer with a security-server certificate from the test PKI, issued on first use (issuing is async, creating a
 * simulator is not). Signatures are ECDSA P-256 / SHA-256 (core/pki.ts signDetached).
 */
export function createTestPkiSigner(pki: TestPki, options: { commonName?: string; now: () => number }): ArchiveSigner {
  let pair: Promise<PemPair> | undefined;
  let cert: string | undefined;
  const issued = () =>
    (pair ??= pki.issue({ kind: 'security-server', commonName: options.commonName ?? 'trembita.polihon.test', notBefore: options.now() - 86_400_000 }).then((p) => {
      cert = p.certPem;
      return p;
    }));
  return {
    algorithm: 'ECDSA-SHA256',
    get certPem() {
      return cert;
    },
    sign: async (data) => signDetached((await issued()).keyPem, data),
    verify: async (data, sig) => verifyDetached((await issued()).certPem, data, sig),
  };
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32 seed bytes follow it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 signer whose key comes from the simulator's seeded generator: the same seed, the same signatures. */
export function createSeededSigner(rng: Rng): ArchiveSigner {
  const seed = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) seed[i] = rng.int(0, 255);
  const key: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(key);
  return {
    algorithm: 'Ed25519',
    publicKeyPem: pub.export({ format: 'pem', type: 'spki' }).toString(),
    sign: async (data) => edSign(null, data, key).toString('base64'),
    verify: async (data, sig) => edVerify(null, data, pub, Buffer.from(sig, 'base64')),
  };
}

export interface ArchivedMessage {
  contentType?: string;
  headers?: Record<string, string>;
  body: string;
}

export interface ArchiveRecord {
  queryId: string;
  /** client id text, 'SUBSYSTEM:SEVDEIR-TEST/GOV/04054866/RTG_prod' */
  client: string;
  service: string;
  protocol: 'soap' | 'r1' | 'uxp';
  time: string;
  request: ArchivedMessage;
  response?: ArchivedMessage & { status: number };
}

export interface SignedRecord extends ArchiveRecord {
  digest: { algorithm: 'SHA-512'; value: string };
  signature: { algorithm: string; value: string; certPem?: string; publicKeyPem?: string };
}

/** The bytes a record's signature covers: its canonical JSON (keys sorted at every depth). */
export function signedBytes(record: ArchiveRecord): Buffer {
  return Buffer.from(canonicalJson(record), 'utf8');
}

export interface MessageArchive {
  put(record: ArchiveRecord): void;
  /** the newest record of this query id, optionally of one client */
  get(queryId: string, client?: string): ArchiveRecord | undefined;
  signed(record: ArchiveRecord): Promise<SignedRecord>;
  verify(record: SignedRecord): Promise<boolean>;
  clear(): void;
  readonly size: number;
}

/** Keeps the newest `limit` records (oldest dropped first), so a long run stays bounded. */
export function createMessageArchive(signer: ArchiveSigner, limit = 10_000): MessageArchive {
  const records = new Map<string, ArchiveRecord[]>();
  const order: ArchiveRecord[] = [];
  return {
    put(record) {
      const list = records.get(record.queryId) ?? [];
      list.push(record);
      records.set(record.queryId, list);
      order.push(record);
      while (order.length > limit) {
        const old = order.shift()!;
        const l = records.get(old.queryId);
        if (!l) continue;
        l.splice(l.indexOf(old), 1);
        if (l.length === 0) records.delete(old.queryId);
      }
    },
    get(queryId, client) {
      const list = records.get(queryId) ?? [];
      for (let i = list.length - 1; i >= 0; i--) if (client === undefined || list[i]!.client === client) return list[i];
      return undefined;
    },
    async signed(record) {
      const bytes = signedBytes(record);
      return {
        ...record,
        digest: { algorithm: 'SHA-512', value: createHash('sha512').update(bytes).digest('base64') },
        signature: {
          algorithm: signer.algorithm,
          value: await signer.sign(bytes),
          ...(signer.certPem ? { certPem: signer.certPem } : {}),
          ...(signer.publicKeyPem ? { publicKeyPem: signer.publicKeyPem } : {}),
        },
      };
    },
    async verify(record) {
      const { digest: _d, signature, ...plain } = record;
      return signer.verify(signedBytes(plain), signature.value);
    },
    clear() {
      records.clear();
      order.length = 0;
    },
    get size() {
      return order.length;
    },
  };
}

// The host's Ed25519 key that signs audit checkpoints: a private key PEM (mode 0600) under
// $WARDEN_HOME/keys/, its public key beside it, made on first use. A verifier needs only the
// public key, and should hold a copy it trusts (the control plane pins it at enrolment): whoever
// can replace both key files can sign a forged log.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from './errors.js';

export const PRIVATE_KEY_FILE = 'audit-ed25519.pem';
export const PUBLIC_KEY_FILE = 'audit-ed25519.pub.pem';

export interface PublicKeyInfo {
  readonly publicKey: KeyObject;
  /** Hex SHA-256 of the DER SubjectPublicKeyInfo, first 16 bytes: names the key in checkpoints. */
  readonly keyId: string;
}

export interface HostKey extends PublicKeyInfo {
  readonly privateKey: KeyObject;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/** Writes a new file whole or not at all: a temporary file linked into place, never over an existing one. */
function createFileOnce(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function ed25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditError('KEY', `${file} is not an Ed25519 key (it is ${key.asymmetricKeyType ?? 'unknown'})`);
  return key;
}

function readPrivateKey(file: string): KeyObject {
  try {
    return ed25519(createPrivateKey(readFileSync(file, 'utf8')), file);
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError('KEY', `cannot read the audit signing key ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export function loadPublicKey(file: string): PublicKeyInfo {
  let publicKey: KeyObject;
  try {
    publicKey = ed25519(createPublicKey(readFileSync(file, 'utf8')), file);
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError('KEY', `cannot read the audit public key ${file}: ${(error as Error).message}`, { cause: error });
  }
  return { publicKey, keyId: keyIdOf(publicKey) };
}

/** The host key under `keysDir`, created (directory 0700, files 0600) when missing. */
export function loadOrCreateHostKey(keysDir: string): HostKey {
  if (!existsSync(keysDir)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    chmodSync(keysDir, 0o700);
  }
  const privateFile = join(keysDir, PRIVATE_KEY_FILE);
  const publicFile = join(keysDir, PUBLIC_KEY_FILE);
  if (!existsSync(privateFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    // Another process may have made one meanwhile; then that one is the key.
    createFileOnce(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  const privateKey = readPrivateKey(privateFile);
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if (!existsSync(publicFile)) createFileOnce(publicFile, publicPem);
  const onDisk = loadPublicKey(publicFile);
  const keyId = keyIdOf(publicKey);
  if (onDisk.keyId !== keyId) throw new AuditError('KEY', `${publicFile} is not the public half of ${privateFile}: refusing to sign with a key the log cannot be verified against`);
  return { privateKey, publicKey, keyId };
}

/**
 * AES-256-GCM for small secrets at rest (two-factor secrets). The key is derived from the server
 * secret and a purpose, so a value sealed for one purpose never opens as another. Same construction
 * as the AI feature's provider-key box (features/ai/llm/secret-box.ts), which the core may not import.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyOf = (secret: string, purpose: string) =>
  createHash('sha256').update(`kefu-${purpose}:${secret}`).digest();

export function seal(secret: string, purpose: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** Null when the value was tampered with, or sealed under another secret or purpose. */
export function open(secret: string, purpose: string, sealed: string): string | null {
  try {
    const [iv, tag, data] = sealed.split('.').map((s) => Buffer.from(s, 'base64url'));
    const d = createDecipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(data), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * The raw .eml, kept for audit and re-parsing, encrypted at rest: each mail has its own AES-256-GCM
 * key, wrapped by its contact's key, which is sealed with the server secret (core/lib/secret-box.ts).
 * Erasing a contact's key (`eraseContactMail`) leaves their raw mail unreadable at once; the blobs
 * are removed too. A mail that kept failing is kept in quarantine with its key sealed directly.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../../core/db/client.ts';
import type { FileStorage } from '../../../core/infra/ports.ts';
import { newId } from '../../../core/lib/ids.ts';
import { open, seal } from '../../../core/lib/secret-box.ts';

const CONTACT_PURPOSE = 'email-contact-key';
const QUARANTINE_PURPOSE = 'email-quarantine';

export function encrypt(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), data]);
}

export function decrypt(key: Buffer, blob: Buffer): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
    d.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([d.update(blob.subarray(28)), d.final()]);
  } catch {
    return null;
  }
}

/** Encrypts a raw mail with a fresh key and stores it; the same mail always lands on one key. */
export async function putRawMail(
  storage: FileStorage,
  accountId: string,
  inboxId: string,
  dedupeKey: string,
  raw: Buffer,
): Promise<{ storageKey: string; dataKey: Buffer }> {
  const dataKey = randomBytes(32);
  const name = createHash('sha256').update(`${inboxId}\n${dedupeKey}`).digest('hex');
  const storageKey = `${accountId}/email-raw/${name}`;
  await storage.put(storageKey, encrypt(dataKey, raw));
  return { storageKey, dataKey };
}

/** The contact's key (created on first use; concurrent first uses share one). */
async function contactKey(
  tx: Executor,
  secret: string,
  accountId: string,
  contactId: string,
  now: number,
): Promise<{ id: string; key: Buffer }> {
  await tx
    .insertInto('email_contact_keys')
    .values({
      id: newId(now),
      account_id: accountId,
      contact_id: contactId,
      sealed_key: seal(secret, CONTACT_PURPOSE, randomBytes(32).toString('hex')),
      created_at: now,
    })
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .execute();
  const row = await tx
    .selectFrom('email_contact_keys')
    .select(['id', 'sealed_key'])
    .where('contact_id', '=', contactId)
    .executeTakeFirstOrThrow();
  const hex = open(secret, CONTACT_PURPOSE, row.sealed_key);
  if (!hex) throw new Error('email: a contact key does not open with this server secret');
  return { id: row.id, key: Buffer.from(hex, 'hex') };
}

export async function recordRawMail(
  tx: Executor,
  secret: string,
  row: {
    accountId: string;
    contactId: string;
    messageId: string;
    storageKey: string;
    dataKey: Buffer;
    size: number;
    now: number;
  },
): Promise<void> {
  const k = await contactKey(tx, secret, row.accountId, row.contactId, row.now);
  await tx
    .insertInto('email_raw_mail')
    .values({
      message_id: row.messageId,
      account_id: row.accountId,
      contact_id: row.contactId,
      key_id: k.id,
      wrapped_key: encrypt(k.key, row.dataKey).toString('base64'),
      storage_key: row.storageKey,
      size: row.size,
      created_at: row.now,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

/** The raw mail of a message, or null (none kept, or erased). */
export async function readRawMail(
  db: Executor,
  storage: FileStorage,
  secret: string,
  accountId: string,
  messageId: string,
): Promise<Buffer | null> {
  const row = await db
    .selectFrom('email_raw_mail')
    .innerJoin('email_contact_keys', 'email_contact_keys.id', 'email_raw_mail.key_id')
    .select(['email_raw_mail.storage_key', 'email_raw_mail.wrapped_key', 'sealed_key'])
    .where('email_raw_mail.account_id', '=', accountId)
    .where('email_raw_mail.message_id', '=', messageId)
    .executeTakeFirst();
  if (!row) return null;
  const hex = open(secret, CONTACT_PURPOSE, row.sealed_key);
  const dataKey = hex && decrypt(Buffer.from(hex, 'hex'), Buffer.from(row.wrapped_key, 'base64'));
  const blob = dataKey && (await storage.get(row.storage_key));
  return blob && dataKey ? decrypt(dataKey, blob) : null;
}

/** Erases a contact's raw mail: the key first (nothing opens afterwards), then rows and blobs. */
export async function eraseContactMail(
  db: Executor,
  storage: FileStorage,
  accountId: string,
  contactId: string,
): Promise<number> {
  await db
    .deleteFrom('email_contact_keys')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .execute();
  const rows = await db
    .deleteFrom('email_raw_mail')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .returning('storage_key')
    .execute();
  for (const r of rows) await storage.remove(r.storage_key).catch(() => {});
  return rows.length;
}

export const sealQuarantineKey = (secret: string, dataKey: Buffer) =>
  seal(secret, QUARANTINE_PURPOSE, dataKey.toString('hex'));

/** A quarantined raw mail (a failed one), decrypted; null when gone or not opening. */
export async function readQuarantined(
  storage: FileStorage,
  secret: string,
  storageKey: string,
  wrapped: string,
): Promise<Buffer | null> {
  const hex = open(secret, QUARANTINE_PURPOSE, wrapped);
  const blob = hex ? await storage.get(storageKey) : null;
  return hex && blob ? decrypt(Buffer.from(hex, 'hex'), blob) : null;
}

/**
 * A mail's attachments and inline images in the core's file storage and `attachments` table. Files
 * are stored by content (`<account>/email/<sha-256>`), so a mail tried again overwrites its own
 * files instead of storing them once more; the rows are written with the message, in its transaction.
 * The type is sniffed from the bytes (core/lib/sniff.ts), never taken from the mail.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../../core/db/client.ts';
import type { Attachment } from '../../../core/db/types.ts';
import type { FileStorage } from '../../../core/infra/ports.ts';
import { newId } from '../../../core/lib/ids.ts';
import { safeFileName, sniffContentType } from '../../../core/lib/sniff.ts';
import type { MailPart } from '../ingest/parse.ts';

export interface StoredPart {
  /** The attachment's id, chosen before the message is written (inline images name it). */
  id: string;
  storageKey: string;
  fileName: string;
  contentType: string;
  size: number;
  cid: string | null;
  inline: boolean;
}

export async function putParts(
  storage: FileStorage,
  accountId: string,
  parts: MailPart[],
  now: number,
): Promise<StoredPart[]> {
  const out: StoredPart[] = [];
  for (const p of parts) {
    const storageKey = `${accountId}/email/${createHash('sha256').update(p.data).digest('hex')}`;
    await storage.put(storageKey, p.data);
    out.push({
      id: newId(now),
      storageKey,
      fileName: safeFileName(p.fileName),
      contentType: await sniffContentType(p.data),
      size: p.data.length,
      cid: p.cid,
      inline: p.inline,
    });
  }
  return out;
}

/** cid → attachment id of the parts that have a Content-ID. */
export function inlineMap(parts: StoredPart[]): Record<string, string> {
  return Object.fromEntries(parts.filter((p) => p.cid).map((p) => [p.cid!, p.id]));
}

/** Inserts the rows of a message's parts. */
export async function insertParts(
  tx: Executor,
  p: { accountId: string; messageId: string; contactId: string; parts: StoredPart[]; now: number },
): Promise<Attachment[]> {
  const rows: Attachment[] = p.parts.map((part) => ({
    id: part.id,
    account_id: p.accountId,
    message_id: p.messageId,
    uploader_type: 'contact',
    uploader_id: p.contactId,
    file_name: part.fileName,
    content_type: part.contentType,
    size: part.size,
    storage_key: part.storageKey,
    created_at: p.now,
  }));
  if (rows.length) await tx.insertInto('attachments').values(rows).execute();
  return rows;
}

/**
 * "Test connection": connect, sign in and examine the folder exactly as the sync would (same
 * address guard, same refusal of \Sent and the like), then log out. Reads nothing, changes nothing.
 */
import { closeQuietly, connectImap, type ImapEndpoint, openMailbox } from './connect.ts';
import { classify, type ImapErrorCode } from './errors.ts';

export type ProbeResult =
  | {
      ok: true;
      mailbox: {
        path: string;
        messages: number;
        uidValidity: string;
        highestModseq: string | null;
      };
    }
  | { ok: false; code: ImapErrorCode; detail: string };

export async function probeImap(
  endpoint: ImapEndpoint,
  opts: { allowPrivate: boolean; timeoutMs?: number },
): Promise<ProbeResult> {
  let client: Awaited<ReturnType<typeof connectImap>> | null = null;
  try {
    client = await connectImap(endpoint, {
      allowPrivate: opts.allowPrivate,
      connectTimeoutMs: opts.timeoutMs ?? 15_000,
      socketTimeoutMs: opts.timeoutMs ?? 15_000,
    });
    const box = await openMailbox(client, endpoint.mailbox, { readOnly: true });
    return {
      ok: true,
      mailbox: {
        path: box.path,
        messages: box.exists,
        uidValidity: String(box.uidValidity),
        highestModseq: box.highestModseq === undefined ? null : String(box.highestModseq),
      },
    };
  } catch (err) {
    return { ok: false, ...classify(err) };
  } finally {
    await closeQuietly(client);
  }
}

/**
 * The offline outbox: what the visitor sent, kept in `state.pending` (persisted, so it survives a
 * reload) until the server acks it by client message id. Sent one at a time, in order; a failure
 * stops the flush, which resumes on the next reconnect. Files picked while offline wait in it too:
 * uploaded first when their turn comes (local-files.ts keeps them in memory).
 */
import type { Socket } from 'socket.io-client';
import type { ApiErrorCode } from '../../../shared/errors.ts';
import { contextKey } from './context.ts';
import { HttpError, postMessage, uploadFile } from './http.ts';
import { forgetFile, keepFiles, localFile } from './local-files.ts';
import {
  type Attachment,
  type Conversation,
  type Message,
  newClientId,
  type Pending,
} from './messages.ts';
import { store } from './store.ts';
import type { State } from './types.ts';

/** What the outbox needs of the controller. */
export interface OutboxHost {
  state(): State;
  set(patch: Partial<State>): void;
  socket(): Socket | null;
  token(): string | null;
  receive(incoming: Message[], conversation?: Conversation): void;
}

export class Outbox {
  private flushing = false;
  constructor(private host: OutboxHost) {}

  /** Queues a message; the page context, if any, goes with it (and is then cleared). */
  add(content: string, attachments: Attachment[], files: File[] = []) {
    const { state, set } = this.host;
    const context = state().context;
    const item: Pending = {
      clientMessageId: newClientId(),
      content,
      attachmentIds: attachments.map((a) => a.id),
      attachments,
      ...(files.length ? { files: keepFiles(files) } : {}),
      createdAt: Date.now(),
      ...(context ? { context } : {}),
    };
    set({ pending: [...state().pending, item], context: null });
  }

  /**
   * Uploads the files of a queued message, one by one (each done is kept, so a retry goes on from
   * there). 'offline': try again on the next reconnect; 'failed': refused (too big, wrong type) or
   * lost with a reload, the message is marked not sent.
   */
  private async upload(clientMessageId: string): Promise<'done' | 'offline' | 'failed'> {
    const { state, set } = this.host;
    const find = () => state().pending.find((p) => p.clientMessageId === clientMessageId);
    const update = (patch: Partial<Pending>) =>
      set({
        pending: state().pending.map((p) =>
          p.clientMessageId === clientMessageId ? { ...p, ...patch } : p,
        ),
      });
    set({ uploading: true, notice: null });
    try {
      for (let item = find(); item?.files?.length; item = find()) {
        const [ref, ...rest] = item.files;
        const file = localFile(ref.key);
        if (!file) {
          update({ failed: 'upload_failed' });
          return 'failed';
        }
        try {
          const a = await uploadFile(this.host.token(), file);
          const now = find();
          if (!now) return 'failed';
          forgetFile(ref.key);
          update({
            files: rest,
            attachmentIds: [...now.attachmentIds, a.id],
            attachments: [...(now.attachments ?? []), a],
          });
        } catch (err) {
          if (!(err instanceof HttpError) || err.status === 401 || err.status === 429)
            return 'offline';
          update({ failed: 'upload_failed' });
          set({ notice: 'uploadFailed' });
          return 'failed';
        }
      }
      return 'done';
    } finally {
      set({ uploading: false });
    }
  }

  /** Sends queued messages one at a time, in order; stops at the first failure and resumes on reconnect. */
  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    const { state, set } = this.host;
    try {
      let socket: Socket | null;
      while ((socket = this.host.socket())?.connected) {
        let item = state().pending.find((p) => !p.failed);
        if (!item) break;
        if (item.files?.length) {
          const up = await this.upload(item.clientMessageId);
          if (up === 'offline') break;
          const now = state().pending.find((p) => p.clientMessageId === item!.clientMessageId);
          if (up === 'failed' || !now) continue;
          item = now;
        }
        let ack: { message?: Message; conversation?: Conversation; error?: { code: ApiErrorCode } };
        const body = {
          content: item.content,
          clientMessageId: item.clientMessageId,
          attachmentIds: item.attachmentIds,
        };
        try {
          // A message carrying the page context goes over REST (the socket event takes none).
          ack = item.context
            ? await postMessage(this.host.token(), { ...body, context: item.context })
            : await socket.timeout(10_000).emitWithAck('message:send', body);
        } catch {
          break;
        }
        if (ack.error?.code === 'invalid_context') {
          // never expected (same rules here): send it without
          set({
            pending: state().pending.map((p) => (p === item ? { ...p, context: undefined } : p)),
          });
          continue;
        }
        if (item.context && ack.conversation)
          store.set('context', {
            conversationId: ack.conversation.id,
            key: contextKey(item.context),
          });
        if (ack.error) {
          if (ack.error.code === 'rate_limited' || ack.error.code === 'internal_error') break;
          set({
            pending: state().pending.map((p) =>
              p === item ? { ...p, failed: ack.error!.code } : p,
            ),
          });
          continue;
        }
        set({
          pending: state().pending.filter((p) => p.clientMessageId !== item.clientMessageId),
        });
        if (ack.message) this.host.receive([ack.message], ack.conversation);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Drops a message the server refused (the ✕ beside "not sent"). */
  discard(clientMessageId: string) {
    const { state, set } = this.host;
    for (const p of state().pending)
      if (p.clientMessageId === clientMessageId) for (const f of p.files ?? []) forgetFile(f.key);
    set({ pending: state().pending.filter((p) => p.clientMessageId !== clientMessageId) });
  }
}

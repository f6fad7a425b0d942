/** Message-stream merging: pure (no React), shared by the view and its tests. */
import type { MessageDTO } from '../../../../../shared/dto.ts';

export interface UiMessage extends MessageDTO {
  local?: 'sending' | 'failed';
}

/** Inserts/replaces by id (and a pending one by clientMessageId), ordered by seq; pending ones last. */
export function upsertMessages(list: UiMessage[], incoming: UiMessage[]): UiMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) {
    if (!m.local && m.clientMessageId) {
      for (const [k, v] of byId)
        if (v.local && v.clientMessageId === m.clientMessageId) byId.delete(k);
    }
    if (
      m.local &&
      [...byId.values()].some((v) => !v.local && v.clientMessageId === m.clientMessageId)
    )
      continue;
    byId.set(m.id, m);
  }
  return [...byId.values()].sort((a, b) => (a.local ? 1 : 0) - (b.local ? 1 : 0) || a.seq - b.seq);
}

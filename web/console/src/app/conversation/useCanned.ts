/**
 * The composer's canned replies. "/code" lists the account's responses as the agent types; picking
 * one renders it for this conversation (`POST /api/v1/canned-responses/render`): the text in the
 * customer's language with its variables filled in. A variable that could not be filled comes back
 * in `missing` and stays in the text as `{{…}}`, which the composer does not send
 * (shared/template.ts); the same call fills the variables an agent typed by hand.
 */
import { useRef, useState } from 'react';
import type { CannedResponseDTO, RenderedCannedDTO } from '../../../../../shared/dto.ts';
import { api } from '../../lib/api.ts';

export function useCanned(conversationId: string) {
  const [list, setList] = useState<CannedResponseDTO[] | null>(null);
  const [index, setIndex] = useState(0);
  const [rendering, setRendering] = useState(false);
  const [failed, setFailed] = useState(false);
  /** The latest render: why each variable is missing, and the languages. */
  const [last, setLast] = useState<RenderedCannedDTO | null>(null);
  const searchReq = useRef(0);

  /** Opens, updates or closes the list for the composer's text ("/" + query opens it). */
  function search(text: string) {
    const m = /^\/(\S*)$/.exec(text);
    if (!m) {
      searchReq.current++;
      if (list) setList(null);
      return;
    }
    const req = ++searchReq.current;
    api<{ data: CannedResponseDTO[] }>(
      'GET',
      `/api/v1/canned-responses?q=${encodeURIComponent(m[1])}`,
    ).then(
      (r) => {
        if (req !== searchReq.current) return;
        setList(r.data.slice(0, 20));
        setIndex(0);
      },
      () => req === searchReq.current && setList([]),
    );
  }

  function close() {
    searchReq.current++; // a late answer must not reopen the list
    setList(null);
  }

  /** The rendered text, or null when the server could not be asked (then `failed` is set). */
  async function render(body: { cannedId: string } | { content: string }): Promise<string | null> {
    close();
    setRendering(true);
    setFailed(false);
    try {
      const r = await api<RenderedCannedDTO>('POST', '/api/v1/canned-responses/render', {
        conversationId,
        ...body,
      });
      setLast(r);
      return r.content;
    } catch {
      setFailed(true);
      return null;
    } finally {
      setRendering(false);
    }
  }

  const move = (delta: number) =>
    setIndex((i) => (list?.length ? (i + delta + list.length) % list.length : 0));
  const forget = () => {
    setLast(null);
    setFailed(false);
  };

  return { list, index, rendering, failed, last, search, close, render, move, forget };
}

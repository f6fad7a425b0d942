/**
 * Keeps the newest message in view whenever the list is shown: on opening, after a reload (history
 * arrives while the panel may still be hidden), when messages arrive or pictures finish loading, and
 * when the panel changes size. A visitor who scrolled up to read older messages is left there; what
 * arrives meanwhile is announced by the "new messages" pill (`unseen`) until they are back at the end.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** Within this many pixels of the end the list counts as "at the newest message". */
const NEAR_END_PX = 32;

/** `ref` goes on the scroll container; `unseen` shows the pill, whose click is `toEnd`. */
export function useNewestInView(
  /** Grows when a message arrives. */
  count: number,
  /** Grows when the visitor sends one: always shown. */
  mine: number,
  open: boolean,
) {
  const [el, ref] = useState<HTMLElement | null>(null);
  const atEnd = useRef(true);
  const [unseen, setUnseen] = useState(false);
  const seen = useRef(count);
  const sent = useRef(mine);

  const toEnd = useCallback(() => {
    if (!el) return;
    atEnd.current = true;
    el.scrollTop = el.scrollHeight;
    setUnseen(false);
  }, [el]);

  useEffect(() => {
    if (!el) return;
    // A hidden panel (display: none) has no size: nothing to measure until it is shown again.
    const onScroll = () => {
      if (!el.clientHeight) return;
      atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_END_PX;
      if (atEnd.current) setUnseen(false);
    };
    const follow = () => {
      if (atEnd.current && el.clientHeight) el.scrollTop = el.scrollHeight;
    };
    const sizes = new ResizeObserver(follow);
    const watch = () => {
      sizes.disconnect();
      sizes.observe(el);
      for (const child of el.children) sizes.observe(child);
      for (const list of el.querySelectorAll('.k-list')) sizes.observe(list);
    };
    const parts = new MutationObserver(watch);
    watch();
    parts.observe(el, { childList: true });
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      sizes.disconnect();
      parts.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, [el]);

  // Opened (or reopened): the newest message.
  useEffect(() => {
    if (open) toEnd();
  }, [open, el]);

  // Something arrived: follow it, or tell a visitor who is reading older messages.
  useEffect(() => {
    const grew = count > seen.current;
    seen.current = count;
    if (!el) return;
    if (atEnd.current) el.scrollTop = el.scrollHeight;
    else if (grew) setUnseen(true);
  }, [count]);

  // The visitor's own message: they want to see it.
  useEffect(() => {
    if (mine > sent.current) toEnd();
    sent.current = mine;
  }, [mine]);

  return { ref, unseen, toEnd };
}

/**
 * User content is rendered as text: these pure helpers split a message into plain-text runs and
 * links, and accept only http(s) and mailto links (javascript:, data:, vbscript:, … stay plain text).
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** A safe absolute href for an http(s)/mailto URL, or null. Relative URLs resolve against `base` when given. */
export function safeHref(raw: string, base?: string): string | null {
  const s = raw.trim();
  if (!s || /[\u0000-\u001f\u007f]/.test(s)) return null;
  let url: URL;
  try {
    url = base ? new URL(s, base) : new URL(s);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  if (url.protocol === 'mailto:' && /^mailto:[^\s<>"]+@[^\s<>"]+$/i.test(url.href)) return url.href;
  return null;
}

// [label](url) Markdown links, bare URLs, and bare email addresses.
const TOKEN =
  /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|\b(https?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff5e]+)|\b(mailto:[^\s<>"']+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  const push = (s: Segment) => {
    const prev = out[out.length - 1];
    if (s.kind === 'text' && prev?.kind === 'text') prev.text += s.text;
    else if (s.kind !== 'text' || s.text) out.push(s);
  };
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    let whole = m[0];
    let label: string;
    let target: string;
    if (m[1] !== undefined) {
      label = m[1];
      target = m[2];
    } else if (m[5] !== undefined) {
      label = m[5];
      target = `mailto:${m[5]}`;
    } else {
      const trail = whole.match(TRAILING)?.[0] ?? '';
      whole = whole.slice(0, whole.length - trail.length);
      label = whole;
      target = whole;
    }
    push({ kind: 'text', text: text.slice(last, start) });
    const href = safeHref(target);
    push(
      href
        ? { kind: 'link', text: label, href }
        : { kind: 'text', text: m[1] !== undefined ? m[0] : whole },
    );
    last = start + whole.length;
  }
  push({ kind: 'text', text: text.slice(last) });
  return out;
}

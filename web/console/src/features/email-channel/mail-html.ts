/**
 * The stored (already sanitised) HTML of a mail made into the document of a sandboxed frame: inline
 * `cid:` images point at their attachments, remote images stay blocked by the frame's own Content
 * Security Policy until the agent allows them, links open in a new tab. The frame never runs
 * scripts (sandbox without allow-scripts), whatever the HTML says.
 */
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export function mailDocument(
  html: string,
  opts: { inline: Record<string, string>; remoteImages: boolean },
): string {
  const withCids = html.replace(/(["'(])cid:([^"')\s]+)/gi, (_, q: string, cid: string) => {
    const id = opts.inline[cid] ?? opts.inline[decodeURIComponent(cid)];
    return id ? `${q}/api/v1/attachments/${encodeURIComponent(id)}` : `${q}about:blank`;
  });
  const img = opts.remoteImages ? "'self' data: https: http:" : "'self' data:";
  const csp = `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src data:`;
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">` +
    `<base target="_blank"><style>body{font:14px/1.5 system-ui,sans-serif;margin:8px;` +
    `word-break:break-word}img{max-width:100%;height:auto}</style></head>` +
    `<body>${withCids}</body></html>`
  );
}

/** Whether the HTML loads anything from the network (an image or background from http(s)). */
export const hasRemoteImages = (html: string) =>
  /(?:src|background)\s*=\s*["']?\s*https?:/i.test(html) || /url\(\s*["']?https?:/i.test(html);

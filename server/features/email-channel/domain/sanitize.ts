/**
 * Mail HTML made safe to store (sanitize-html ≥ 2.17.4): no scripts, event handlers, forms, frames
 * or styles that load anything; links open outside; no remote loads at all — a remote image keeps
 * its address in `data-kefu-remote-src` (the console may show it when the agent allows), inline
 * images stay `cid:` references to the message's attachments. The console sanitises again at render.
 */
import sanitizeHtml from 'sanitize-html';

/** A CSS value without url(), expression(), imports or escapes. */
const SAFE_CSS = /^(?!.*(url\s*\(|expression|@import|\\|javascript:))[-#\w\s.,%()'"!/+]*$/i;
const CSS_PROPS = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-align',
  'text-decoration',
  'line-height',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'border',
  'border-collapse',
  'width',
  'max-width',
  'height',
  'vertical-align',
  'white-space',
];

const LAYOUT = ['align', 'valign', 'width', 'height', 'bgcolor', 'border', 'style', 'dir'];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center'],
  allowedAttributes: {
    '*': ['style', 'dir', 'lang', 'title'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'data-kefu-remote-src'],
    font: ['color', 'face', 'size'],
    table: [...LAYOUT, 'cellpadding', 'cellspacing'],
    td: [...LAYOUT, 'colspan', 'rowspan'],
    th: [...LAYOUT, 'colspan', 'rowspan'],
    tr: LAYOUT,
    div: ['align'],
    p: ['align'],
    blockquote: ['type', 'cite'],
    ol: ['start', 'type'],
  },
  allowedStyles: { '*': Object.fromEntries(CSS_PROPS.map((p) => [p, [SAFE_CSS]])) },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
    }),
    img: (tagName, attribs) => {
      const src = (attribs.src ?? '').trim();
      if (/^(https?:)?\/\//i.test(src)) {
        const { src: _remote, ...rest } = attribs;
        return { tagName, attribs: { ...rest, 'data-kefu-remote-src': src } };
      }
      const { 'data-kefu-remote-src': _forged, ...rest } = attribs;
      return { tagName, attribs: rest };
    },
  },
};

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

/** The `cid:` references an HTML body makes (lower case, without brackets). */
export function referencedCids(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/\bsrc\s*=\s*["']?\s*cid:([^"'\s>]+)/gi))
    out.add(decodeURIComponent(m[1]!).replace(/^<|>$/g, '').toLowerCase());
  return out;
}

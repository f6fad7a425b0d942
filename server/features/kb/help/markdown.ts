/**
 * Article Markdown → safe HTML: markdown-it with raw HTML off, links limited to http(s)/mailto/relative
 * (javascript:, data:, vbscript: … become "#"), images only from the account's help-center file route.
 */
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A link is safe when it is http(s)/mailto or relative (no scheme at all after removing control chars). */
export function safeHref(url: string): boolean {
  const u = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (SAFE_LINK.test(u)) return true;
  return (
    !HAS_SCHEME.test(u) && !u.startsWith('//') && !u.startsWith('\\\\') && !u.startsWith('/\\')
  );
}

/** Images may only come from the account's own files (served by the help center's storage route). */
export function safeImage(src: string, filesPrefix: string): boolean {
  return src.startsWith(filesPrefix) && !src.includes('..') && /^[\w\-./%]+$/.test(src);
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
md.validateLink = () => true; // decided per token below, so unsafe links render as inert text-links
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const t = tokens[idx];
  const href = String(t.attrGet('href') ?? '');
  if (!safeHref(href)) t.attrSet('href', '#');
  else if (/^https?:/i.test(href)) {
    t.attrSet('rel', 'nofollow noopener noreferrer');
    t.attrSet('target', '_blank');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};
md.renderer.rules.image = (tokens, idx, _options, env) => {
  const t = tokens[idx];
  const src = String(t.attrGet('src') ?? '');
  const alt = md.utils.escapeHtml(t.content ?? '');
  const prefix = (env as { filesPrefix?: string }).filesPrefix ?? '\u0000';
  if (!safeImage(src, prefix)) return `<span class="img-blocked">${alt}</span>`;
  return `<img src="${md.utils.escapeHtml(src)}" alt="${alt}" loading="lazy">`;
};

export function renderMarkdown(source: string, filesPrefix: string): string {
  return md.render(source, { filesPrefix });
}

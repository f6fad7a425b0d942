/** HTML building blocks for the help center: escaping and the page shell (head metadata, header, footer). */
import type { Translate } from '../../../../shared/i18n.ts';
import { LOCALE_NAMES } from './strings.ts';

export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export interface Crumb {
  label: string;
  href?: string;
}
export interface Alternate {
  locale: string;
  href: string;
}

export interface Shell {
  locale: string;
  t: Translate;
  accountName: string;
  base: string;
  origin: string;
  title: string;
  description: string;
  canonical: string;
  alternates: Alternate[];
  crumbs: Crumb[];
  query?: string;
  body: string;
  noindex?: boolean;
  extraHead?: string;
  tail?: string;
}

export function abs(origin: string, path: string): string {
  return `${origin}${path}`;
}

function languageSwitcher(p: Shell): string {
  if (p.alternates.length < 2) return '';
  const items = p.alternates
    .map((a) =>
      a.locale === p.locale
        ? `<li><span aria-current="true">${esc(LOCALE_NAMES[a.locale] ?? a.locale)}</span></li>`
        : `<li><a href="${esc(a.href)}" hreflang="${esc(a.locale)}" lang="${esc(a.locale)}">${esc(LOCALE_NAMES[a.locale] ?? a.locale)}</a></li>`,
    )
    .join('');
  return `<nav class="lang" aria-label="${esc(p.t('help.language'))}"><ul>${items}</ul></nav>`;
}

function breadcrumbs(crumbs: Crumb[]): string {
  if (crumbs.length < 2) return '';
  const items = crumbs
    .map((c, i) =>
      i === crumbs.length - 1
        ? `<li><span aria-current="page">${esc(c.label)}</span></li>`
        : `<li><a href="${esc(c.href)}">${esc(c.label)}</a></li>`,
    )
    .join('');
  return `<nav class="crumbs" aria-label="breadcrumb"><ol>${items}</ol></nav>`;
}

export function searchForm(p: Pick<Shell, 'base' | 'locale' | 't' | 'query'>, big = false): string {
  return `<form class="search${big ? ' big' : ''}" role="search" action="${esc(p.base)}/search" method="get">
<input type="hidden" name="lang" value="${esc(p.locale)}">
<label class="sr" for="q${big ? 'b' : ''}">${esc(p.t('help.search'))}</label>
<input id="q${big ? 'b' : ''}" type="search" name="q" value="${esc(p.query ?? '')}" placeholder="${esc(p.t('help.searchPlaceholder'))}" maxlength="200" autocomplete="off" data-instant="${esc(p.base)}/search.json?lang=${esc(encodeURIComponent(p.locale))}">
<button type="submit">${esc(p.t('help.search'))}</button>
<ul class="instant" hidden></ul>
</form>`;
}

export function page(p: Shell): string {
  const hreflang = p.alternates
    .map(
      (a) =>
        `<link rel="alternate" hreflang="${esc(a.locale)}" href="${esc(abs(p.origin, a.href))}">`,
    )
    .join('\n');
  const xDefault = p.alternates[0]
    ? `<link rel="alternate" hreflang="x-default" href="${esc(abs(p.origin, p.alternates[0].href))}">`
    : '';
  return `<!doctype html>
<html lang="${esc(p.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<meta name="description" content="${esc(p.description)}">
${p.noindex ? '<meta name="robots" content="noindex">' : ''}
<link rel="canonical" href="${esc(abs(p.origin, p.canonical))}">
${hreflang}
${xDefault}
<link rel="stylesheet" href="/help-assets/hc.css">
<script src="/help-assets/hc.js" defer></script>
${p.extraHead ?? ''}
</head>
<body>
<a class="skip" href="#main">${esc(p.t('help.skip'))}</a>
<header class="top"><div class="wrap">
<a class="brand" href="${esc(p.base)}?lang=${esc(encodeURIComponent(p.locale))}">${esc(p.accountName)} · ${esc(p.t('help.helpCenter'))}</a>
${languageSwitcher(p)}
</div></header>
<main id="main" class="wrap">
${breadcrumbs(p.crumbs)}
${p.body}
</main>
<footer class="foot"><div class="wrap">${esc(p.accountName)} · ${esc(p.t('help.helpCenter'))}</div></footer>
${p.tail ?? ''}
</body>
</html>`;
}

/** Help-center pages rendered from published data only (home, category, article, search, not found, sitemap). */
import type { Kysely } from 'kysely';
import type { Translate } from '../../../../shared/i18n.ts';
import { widgetSnippet } from '../../../core/kit/contracts.ts';
import type { DB } from '../../../core/db/types.ts';
import type { KbCategoriesTable } from '../tables.ts';
import { localized, parseNames } from '../domain/model.ts';
import { searchArticles } from '../store/source.ts';
import { snippetOf } from '../domain/text.ts';
import { type Alternate, type Crumb, esc, page, searchForm } from './html.ts';
import { helpTranslator } from './strings.ts';
import { renderMarkdown } from './markdown.ts';
import {
  type HelpAccount,
  type PublicArticle,
  categoriesOf,
  publicOnly,
  publishedArticle,
  publishedArticles,
  publishedLocales,
  translationsOf,
} from './data.ts';

export interface HelpCtx {
  db: Kysely<DB>;
  account: HelpAccount;
  locale: string;
  locales: string[];
  base: string;
  origin: string;
  t: Translate;
}
export interface Rendered {
  status: number;
  html: string;
}

export async function helpContext(
  db: Kysely<DB>,
  account: HelpAccount,
  requested: string | undefined,
  base: string,
  origin: string,
): Promise<HelpCtx> {
  const found = await publishedLocales(db, account);
  const locales = found.length ? found : [account.locale];
  const locale =
    requested && locales.includes(requested)
      ? requested
      : locales.includes(account.locale)
        ? account.locale
        : locales[0];
  locales.sort((a, b) =>
    a === account.locale ? -1 : b === account.locale ? 1 : a.localeCompare(b),
  );
  return { db, account, locale, locales, base, origin, t: helpTranslator(locale) };
}

const q = (locale: string) => `?lang=${encodeURIComponent(locale)}`;
const homeHref = (c: HelpCtx, locale = c.locale) => `${c.base}${q(locale)}`;
const catHref = (c: HelpCtx, id: string, locale = c.locale) =>
  `${c.base}/categories/${id}${q(locale)}`;
export const articleHref = (base: string, id: string) => `${base}/articles/${id}`;

function categoryPath(
  cats: Map<string, KbCategoriesTable>,
  id: string | null,
): KbCategoriesTable[] {
  const path: KbCategoriesTable[] = [];
  for (
    let c = id ? cats.get(id) : undefined, d = 0;
    c && d < 10;
    c = c.parent_id ? cats.get(c.parent_id) : undefined, d++
  )
    path.unshift(c);
  return path;
}

function articleList(c: HelpCtx, list: PublicArticle[]): string {
  if (!list.length) return `<p class="empty">${esc(c.t('help.noArticles'))}</p>`;
  return `<ul class="articles">${list.map((a) => `<li><a href="${esc(articleHref(c.base, a.id))}">${esc(a.title)}</a><p>${esc(snippetOf(a.answer || a.body, 140))}</p></li>`).join('')}</ul>`;
}

function shell(
  c: HelpCtx,
  o: {
    title: string;
    description: string;
    canonical: string;
    alternates: Alternate[];
    crumbs: Crumb[];
    body: string;
    query?: string;
    noindex?: boolean;
    tail?: string;
  },
) {
  return page({
    locale: c.locale,
    t: c.t,
    accountName: c.account.name,
    base: c.base,
    origin: c.origin,
    ...o,
  });
}

/** The widget with the article as its context (the loader's data-kefu-context: flat, values ≤ 500 characters). */
function chatBox(
  c: HelpCtx,
  context?: { articleId: string; title: string; url: string; locale: string },
): string {
  if (!c.account.inboxToken) return '';
  const ctx = context ? JSON.stringify(context) : '';
  const snippet = widgetSnippet(c.origin, c.account.inboxToken).replace(
    '></script>',
    `${ctx ? ` data-kefu-context="${esc(ctx)}"` : ''} data-kefu-locale="${esc(c.locale)}"></script>`,
  );
  return `<section class="chat" aria-labelledby="chat-h"><h2 id="chat-h">${esc(c.t('help.stillNeedHelp'))}</h2>${context ? `<p>${esc(c.t('help.chatHint'))}</p>` : ''}
<button type="button" class="chat-open" data-kefu-open${ctx ? ` data-kefu-context="${esc(ctx)}"` : ''}>${esc(c.t('help.chatWithUs'))}</button>
${snippet}</section>`;
}

export async function renderHome(c: HelpCtx): Promise<Rendered> {
  const [cats, arts] = await Promise.all([
    categoriesOf(c.db, c.account.id),
    publishedArticles(c.db, c.account, c.locale),
  ]);
  const count = new Map<string, number>();
  const byId = new Map(cats.map((x) => [x.id, x]));
  for (const a of arts)
    for (const p of categoryPath(byId, a.category_id)) count.set(p.id, (count.get(p.id) ?? 0) + 1);
  const top = cats.filter((x) => !x.parent_id && count.get(x.id));
  const popular = [...arts]
    .sort(
      (a, b) =>
        b.popularity + b.helpful_count - (a.popularity + a.helpful_count) ||
        a.title.localeCompare(b.title),
    )
    .slice(0, 8);
  const catGrid = top.length
    ? `<section aria-labelledby="cat-h"><h2 id="cat-h">${esc(c.t('help.categories'))}</h2><ul class="cats">${top
        .map((x) => {
          const d = localized(parseNames(x.descriptions), c.locale);
          return `<li><a href="${esc(catHref(c, x.id))}"><strong>${esc(localized(parseNames(x.names), c.locale))}</strong>${d ? `<span>${esc(d)}</span>` : ''}<small>${esc(c.t('help.articleCount', { count: count.get(x.id) ?? 0 }))}</small></a></li>`;
        })
        .join('')}</ul></section>`
    : '';
  const body = `<section class="hero"><h1>${esc(c.t('help.helpCenter'))}</h1>${searchForm({ base: c.base, locale: c.locale, t: c.t }, true)}</section>
${catGrid}
<section aria-labelledby="pop-h"><h2 id="pop-h">${esc(c.t('help.popular'))}</h2>${articleList(c, popular)}</section>
${chatBox(c)}`;
  return {
    status: 200,
    html: shell(c, {
      title: `${c.t('help.helpCenter')} · ${c.account.name}`,
      description: `${c.account.name} ${c.t('help.helpCenter')}: ${popular
        .slice(0, 3)
        .map((a) => a.title)
        .join(' / ')}`.slice(0, 300),
      canonical: homeHref(c),
      alternates: c.locales.map((l) => ({ locale: l, href: homeHref(c, l) })),
      crumbs: [],
      body,
    }),
  };
}

export async function renderCategory(c: HelpCtx, id: string): Promise<Rendered> {
  const cats = await categoriesOf(c.db, c.account.id);
  const byId = new Map(cats.map((x) => [x.id, x]));
  const cat = byId.get(id);
  if (!cat) return renderNotFound(c);
  const arts = (await publishedArticles(c.db, c.account, c.locale)).filter(
    (a) => a.category_id === id,
  );
  const name = localized(parseNames(cat.names), c.locale);
  const subs = cats.filter((x) => x.parent_id === id);
  const crumbs: Crumb[] = [
    { label: c.t('help.home'), href: homeHref(c) },
    ...categoryPath(byId, id).map((x) => ({
      label: localized(parseNames(x.names), c.locale),
      href: catHref(c, x.id),
    })),
  ];
  const desc = localized(parseNames(cat.descriptions), c.locale);
  const body = `<h1>${esc(name)}</h1>${desc ? `<p class="lead">${esc(desc)}</p>` : ''}
${subs.length ? `<h2>${esc(c.t('help.subcategories'))}</h2><ul class="cats">${subs.map((x) => `<li><a href="${esc(catHref(c, x.id))}"><strong>${esc(localized(parseNames(x.names), c.locale))}</strong></a></li>`).join('')}</ul>` : ''}
<h2>${esc(c.t('help.inThisCategory'))}</h2>${articleList(c, arts)}
${searchForm({ base: c.base, locale: c.locale, t: c.t })}`;
  return {
    status: 200,
    html: shell(c, {
      title: `${name} · ${c.t('help.helpCenter')} · ${c.account.name}`,
      description: (
        desc ||
        `${name}: ${arts
          .slice(0, 5)
          .map((a) => a.title)
          .join(' / ')}`
      ).slice(0, 300),
      canonical: catHref(c, id),
      alternates: c.locales.map((l) => ({ locale: l, href: catHref(c, id, l) })),
      crumbs,
      body,
    }),
  };
}

export async function renderArticle(c0: HelpCtx, id: string, flash?: string): Promise<Rendered> {
  const a = await publishedArticle(c0.db, c0.account, id);
  if (!a) return renderNotFound(c0);
  const c: HelpCtx = { ...c0, locale: a.locale, t: helpTranslator(a.locale) };
  const [cats, translations] = await Promise.all([
    categoriesOf(c.db, c.account.id),
    translationsOf(c.db, c.account, a.translation_group_id),
  ]);
  const byId = new Map(cats.map((x) => [x.id, x]));
  const crumbs: Crumb[] = [
    { label: c.t('help.home'), href: homeHref(c) },
    ...categoryPath(byId, a.category_id).map((x) => ({
      label: localized(parseNames(x.names), c.locale),
      href: catHref(c, x.id),
    })),
    { label: a.title },
  ];
  const content = renderMarkdown(a.body.trim() ? a.body : a.answer, `${c.base}/files/`);
  const lead = a.answer && a.body.trim() ? `<p class="lead">${esc(a.answer)}</p>` : '';
  const feedback =
    flash === 'thanks'
      ? `<p class="thanks" role="status">${esc(c.t('help.thanks'))}</p>`
      : `<form class="feedback" method="post" action="${esc(articleHref(c.base, a.id))}/feedback">
<fieldset><legend>${esc(c.t('help.helpful'))}</legend>
<div class="choices"><label><input type="radio" name="helpful" value="yes" required> ${esc(c.t('help.yes'))}</label>
<label><input type="radio" name="helpful" value="no"> ${esc(c.t('help.no'))}</label></div>
<label for="fb-comment">${esc(c.t('help.comment'))}</label>
<textarea id="fb-comment" name="comment" maxlength="1000" rows="3"></textarea>
<button type="submit">${esc(c.t('help.send'))}</button></fieldset></form>`;
  const updated = new Date(Number(a.updated_at)).toISOString().slice(0, 10);
  const body = `${searchForm({ base: c.base, locale: c.locale, t: c.t })}
<article><h1>${esc(a.title)}</h1>${lead}<div class="md">${content}</div>
<p class="meta">${esc(c.t('help.updated'))} <time datetime="${updated}">${updated}</time></p></article>
<section id="feedback" aria-label="${esc(c.t('help.helpful'))}">${feedback}</section>
${chatBox(c, { articleId: a.id, title: a.title.slice(0, 500), url: `${c.origin}${articleHref(c.base, a.id)}`.slice(0, 500), locale: a.locale })}`;
  return {
    status: 200,
    html: shell(c, {
      title: `${a.title} · ${c.account.name}`,
      description: snippetOf(a.answer || a.body, 160),
      canonical: articleHref(c.base, a.id),
      alternates: translations.map((t) => ({ locale: t.locale, href: articleHref(c.base, t.id) })),
      crumbs,
      body,
    }),
  };
}

export async function searchHits(c: HelpCtx, query: string, limit = 20): Promise<PublicArticle[]> {
  const arts = await publishedArticles(c.db, c.account, c.locale);
  const byId = new Map(arts.map((a) => [a.id, a]));
  const hits = (
    await searchArticles(c.db, c.account.id, query, {
      inboxId: c.account.inboxId ?? undefined,
      locale: c.locale,
      limit,
      minScore: 0.12,
    })
  )
    .map((h) => byId.get(h.entry.id))
    .filter((a): a is PublicArticle => !!a);
  const needle = query.trim().toLowerCase();
  for (const a of arts) {
    if (hits.length >= limit) break;
    if (
      !hits.includes(a) &&
      needle.length >= 2 &&
      `${a.title}\n${a.answer}\n${a.body}`.toLowerCase().includes(needle)
    )
      hits.push(a);
  }
  return hits;
}

export async function renderSearch(c: HelpCtx, query: string): Promise<Rendered> {
  const hits = query.trim() ? await searchHits(c, query) : [];
  const title = query.trim() ? c.t('help.resultsFor', { q: query }) : c.t('help.results');
  const body = `<h1>${esc(title)}</h1>${searchForm({ base: c.base, locale: c.locale, t: c.t, query })}
${query.trim() && !hits.length ? `<p class="empty">${esc(c.t('help.noResults'))}</p>` : articleList(c, hits)}
${chatBox(c)}`;
  return {
    status: 200,
    html: shell(c, {
      title: `${title} · ${c.account.name}`,
      description: title,
      canonical: `${c.base}/search${q(c.locale)}`,
      noindex: true,
      alternates: c.locales.map((l) => ({ locale: l, href: `${c.base}/search${q(l)}` })),
      crumbs: [{ label: c.t('help.home'), href: homeHref(c) }, { label: c.t('help.results') }],
      body,
      query,
    }),
  };
}

export function renderNotFound(c: HelpCtx): Rendered {
  const body = `<h1>${esc(c.t('help.notFound'))}</h1><p>${esc(c.t('help.notFoundText'))}</p><p><a href="${esc(homeHref(c))}">${esc(c.t('help.backHome'))}</a></p>${searchForm({ base: c.base, locale: c.locale, t: c.t })}`;
  return {
    status: 404,
    html: shell(c, {
      title: `${c.t('help.notFound')} · ${c.account.name}`,
      description: c.t('help.notFoundText'),
      canonical: homeHref(c),
      alternates: [],
      crumbs: [],
      body,
      noindex: true,
    }),
  };
}

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );

export async function renderSitemap(c: HelpCtx): Promise<string> {
  const urls: string[] = [];
  const alt = (links: Alternate[]) =>
    links.length > 1
      ? links
          .map(
            (l) =>
              `<xhtml:link rel="alternate" hreflang="${xml(l.locale)}" href="${xml(c.origin + l.href)}"/>`,
          )
          .join('')
      : '';
  const homes = c.locales.map((l) => ({ locale: l, href: homeHref(c, l) }));
  for (const h of homes) urls.push(`<url><loc>${xml(c.origin + h.href)}</loc>${alt(homes)}</url>`);
  const cats = await categoriesOf(c.db, c.account.id);
  const all = await publicOnly(
    c.db
      .selectFrom('kb_articles')
      .select(['id', 'translation_group_id', 'locale', 'category_id', 'updated_at']),
    c.account,
  )
    .orderBy('id')
    .execute();
  const used = new Set(all.map((a) => a.category_id));
  for (const cat of cats) {
    if (!used.has(cat.id)) continue;
    const links = c.locales.map((l) => ({ locale: l, href: catHref(c, cat.id, l) }));
    for (const h of links)
      urls.push(`<url><loc>${xml(c.origin + h.href)}</loc>${alt(links)}</url>`);
  }
  const groups = new Map<string, Alternate[]>();
  for (const a of all)
    groups.set(a.translation_group_id, [
      ...(groups.get(a.translation_group_id) ?? []),
      { locale: a.locale, href: articleHref(c.base, a.id) },
    ]);
  for (const a of all) {
    urls.push(
      `<url><loc>${xml(c.origin + articleHref(c.base, a.id))}</loc><lastmod>${new Date(Number(a.updated_at)).toISOString()}</lastmod>${alt(groups.get(a.translation_group_id)!)}</url>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

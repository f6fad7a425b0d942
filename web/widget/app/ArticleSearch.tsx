/**
 * Help articles: the search card shown before a chat and the list of matches (links only via
 * safeHref).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Article, Controller } from './controller.ts';
import type { T } from './strings.ts';
import { safeHref } from './text.ts';

export function ArticleList({ list, t }: { list: Article[]; t: T }) {
  const safe = list
    .map((a) => ({ ...a, href: safeHref(a.url, location.origin) }))
    .filter((a) => a.href);
  if (!safe.length) return null;
  return (
    <div class="k-articles">
      <h3>{t('articles')}</h3>
      <ul>
        {safe.map((a) => (
          <li key={a.id}>
            <a href={a.href!} target="_blank" rel="noopener noreferrer">
              {a.title}
            </a>
            {a.snippet ? <p class="k-muted">{a.snippet}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ArticleSearch({ c, t }: { c: Controller; t: T }) {
  const [q, setQ] = useState('');
  const [list, setList] = useState<Article[]>([]);
  useEffect(() => {
    const h = setTimeout(() => {
      void c.searchArticles(q).then(setList);
    }, 300);
    return () => clearTimeout(h);
  }, [q]);
  return (
    <div class="k-card k-search">
      <label class="k-field">
        <span>{t('searchArticles')}</span>
        <input
          type="search"
          value={q}
          placeholder={t('searchPlaceholder')}
          onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        />
      </label>
      <ArticleList list={list} t={t} />
    </div>
  );
}

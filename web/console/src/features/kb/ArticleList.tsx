/** Article list with status/language filters, retrieval search with highlights, import and export. */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, formatDateTime, linkHandler, navigate, useT } from '../../lib/index.ts';
import { type Article, kbApi } from './api.ts';

type Hit = Awaited<ReturnType<typeof kbApi.search>>['results'][number];

function Highlighted({ text, ranges }: { text: string; ranges: Array<[number, number]> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([s, e], i) => {
    parts.push(text.slice(at, s));
    parts.push(<mark key={i}>{text.slice(s, e)}</mark>);
    at = e;
  });
  parts.push(text.slice(at));
  return <>{parts}</>;
}

export function ArticleList({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const [status, setStatus] = useState('');
  const [locale, setLocale] = useState('');
  const [articles, setArticles] = useState<Article[] | null>(null);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Array<{ row: number; reason: string; file?: string }>>(
    [],
  );
  const [publish, setPublish] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const p = new URLSearchParams({ limit: '200' });
    if (status) p.set('status', status);
    if (locale) p.set('locale', locale);
    kbApi.list(p).then(
      (r) => setArticles(r.articles),
      (e) => setError(String(e.message ?? e)),
    );
  }, [status, locale, version]);

  async function search(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) {
      setHits(null);
      return;
    }
    try {
      setHits((await kbApi.search(q)).results);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function importFile(file: File) {
    setError(null);
    setNotice(null);
    setRowErrors([]);
    const format = /\.zip$/i.test(file.name) ? 'zip' : /\.csv$/i.test(file.name) ? 'csv' : 'jsonl';
    try {
      const r = await kbApi.importFile(format, file, publish);
      setNotice(t('kb.importDone', { created: r.created, updated: r.updated }));
      setVersion((v) => v + 1);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import_rejected')
        setRowErrors((err.details as { errors: typeof rowErrors }).errors);
      else setError((err as Error).message);
    }
  }

  return (
    <div className="kb-stack">
      <div className="kb-toolbar">
        <search className="kb-search">
          <form onSubmit={search}>
            <label className="kb-sr" htmlFor="kb-q">
              {t('kb.search')}
            </label>
            <input
              id="kb-q"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('kb.search')}
            />
          </form>
        </search>
        <label className="kb-sr" htmlFor="kb-status">
          {t('kb.col.status')}
        </label>
        <select id="kb-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('kb.status.all')}</option>
          {(['draft', 'published', 'archived'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`kb.status.${s}`)}
            </option>
          ))}
        </select>
        <label className="kb-sr" htmlFor="kb-locale">
          {t('kb.col.locale')}
        </label>
        <select id="kb-locale" value={locale} onChange={(e) => setLocale(e.target.value)}>
          <option value="">{t('kb.locale.all')}</option>
          <option value="zh-CN">简体中文</option>
          <option value="en">English</option>
        </select>
        {canEdit && (
          <button type="button" className="kb-primary" onClick={() => navigate('/kb/articles/new')}>
            {t('kb.new')}
          </button>
        )}
        <a className="kb-button" href="/api/v1/kb/export?format=csv">
          {t('kb.export')} CSV
        </a>
        <a className="kb-button" href="/api/v1/kb/export?format=jsonl">
          JSONL
        </a>
        <a className="kb-button" href="/api/v1/kb/export?format=zip">
          ZIP
        </a>
      </div>
      {canEdit && (
        <details className="kb-import">
          <summary>{t('kb.import')}</summary>
          <p className="kb-hint">{t('kb.importHint')}</p>
          <label className="kb-check">
            <input
              type="checkbox"
              checked={publish}
              onChange={(e) => setPublish(e.target.checked)}
            />{' '}
            {t('kb.importPublish')}
          </label>
          <input
            type="file"
            accept=".csv,.jsonl,.ndjson,.json,.zip"
            aria-label={t('kb.import')}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importFile(f);
              e.target.value = '';
            }}
          />
        </details>
      )}
      {notice && (
        <p className="kb-ok" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="kb-error" role="alert">
          {error}
        </p>
      )}
      {rowErrors.length > 0 && (
        <div className="kb-error" role="alert">
          <p>{t('kb.rowErrors')}</p>
          <ul>
            {rowErrors.map((r) => (
              <li key={`${r.row}-${r.file ?? ''}`}>
                #{r.row}
                {r.file ? ` (${r.file})` : ''}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {hits && (
        <section className="kb-card" aria-label={t('kb.hits')}>
          <h2>{t('kb.hits')}</h2>
          <ul className="kb-hits">
            {hits.map((h) => (
              <li key={h.id}>
                <a href={`/app/kb/articles/${h.id}`} onClick={linkHandler(`/kb/articles/${h.id}`)}>
                  <Highlighted text={h.title} ranges={h.highlights.title} />
                </a>
                <span className="kb-tag">{h.locale}</span>
                <p>{h.snippet}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <table className="kb-table">
        <thead>
          <tr>
            <th>{t('kb.col.title')}</th>
            <th>{t('kb.col.status')}</th>
            <th>{t('kb.col.locale')}</th>
            <th>{t('kb.col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {articles?.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/app/kb/articles/${a.id}`} onClick={linkHandler(`/kb/articles/${a.id}`)}>
                  {a.title}
                </a>
              </td>
              <td>
                <span className={`kb-status kb-status-${a.status}`}>
                  {t(`kb.status.${a.status}`)}
                </span>
                {a.reviewBy && Date.parse(a.reviewBy) < Date.now() && (
                  <span className="kb-tag kb-due">{t('kb.reviewDue')}</span>
                )}
              </td>
              <td>{a.locale}</td>
              <td>{formatDateTime(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {articles && !articles.length && <p className="kb-hint">{t('kb.empty')}</p>}
    </div>
  );
}

/** One article: edit fields, publish/archive; translations and version history in ArticleSide. */
import { useEffect, useState, type FormEvent } from 'react';
import { apiUpload, linkHandler, navigate, useMe, useT } from '../../lib/index.ts';
import { type Article, type Category, commas, kbApi, lines } from './api.ts';
import { ArticleSide } from './ArticleSide.tsx';

interface Draft {
  title: string;
  answer: string;
  body: string;
  similar: string;
  keywords: string;
  tags: string;
  categoryId: string;
  locale: string;
  reviewBy: string;
}
const EMPTY: Draft = {
  title: '',
  answer: '',
  body: '',
  similar: '',
  keywords: '',
  tags: '',
  categoryId: '',
  locale: 'zh-CN',
  reviewBy: '',
};
const toDraft = (a: Article): Draft => ({
  title: a.title,
  answer: a.answer,
  body: a.body,
  similar: a.similarQuestions.join('\n'),
  keywords: a.keywords.join(', '),
  tags: a.tags.join(', '),
  categoryId: a.categoryId ?? '',
  locale: a.locale,
  reviewBy: a.reviewBy ? a.reviewBy.slice(0, 10) : '',
});

export function ArticleEditor({ id, canEdit }: { id: string | null; canEdit: boolean }) {
  const t = useT();
  const me = useMe();
  const [article, setArticle] = useState<Article | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    kbApi.categories().then(
      (r) => setCategories(r.categories),
      () => {},
    );
    if (id)
      kbApi.get(id).then(
        (a) => {
          setArticle(a);
          setDraft(toDraft(a));
        },
        (e) => setError(e.message),
      );
  }, [id]);

  const set = (k: keyof Draft) => (e: { target: { value: string } }) => {
    setDraft({ ...draft, [k]: e.target.value });
    setSaved(false);
  };
  const fields = () => ({
    title: draft.title,
    answer: draft.answer,
    body: draft.body,
    similarQuestions: lines(draft.similar),
    keywords: commas(draft.keywords),
    tags: commas(draft.tags),
    categoryId: draft.categoryId || null,
    reviewBy: draft.reviewBy ? `${draft.reviewBy}T00:00:00.000Z` : null,
  });

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  async function save(e: FormEvent) {
    e.preventDefault();
    const a = await run(() =>
      article
        ? kbApi.update(article.id, { ...fields(), expectedVersion: article.version })
        : kbApi.create({ ...fields(), locale: draft.locale }),
    );
    if (!a) return;
    setSaved(true);
    if (!article) {
      navigate(`/kb/articles/${a.id}`, { replace: true });
      return;
    }
    setArticle({ ...article, ...a });
  }
  async function status(action: 'publish' | 'archive' | 'unpublish') {
    const a = await run(() => kbApi.status(article!.id, action));
    if (a) setArticle({ ...article!, ...a });
  }
  async function translate() {
    const other = article!.locale === 'en' ? 'zh-CN' : 'en';
    const a = await run(() =>
      kbApi.translate(article!.id, { locale: other, title: article!.title }),
    );
    if (a) navigate(`/kb/articles/${a.id}`);
  }
  async function remove() {
    if (!window.confirm(t('kb.confirmDelete'))) return;
    if (await run(() => kbApi.remove(article!.id).then(() => true))) navigate('/kb');
  }
  const catName = (c: Category) =>
    c.names[draft.locale] ?? c.names.en ?? c.names['zh-CN'] ?? Object.values(c.names)[0];
  const ro = !canEdit;

  return (
    <div className="kb-editor">
      <form className="kb-card kb-form" onSubmit={save}>
        <p>
          <a href="/app/kb" onClick={linkHandler('/kb')}>
            ← {t('kb.back')}
          </a>
        </p>
        {article && (
          <p className="kb-row">
            <span className={`kb-status kb-status-${article.status}`}>
              {t(`kb.status.${article.status}`)}
            </span>
            <span className="kb-hint">v{article.version}</span>
            {article.status === 'published' && me?.account && (
              <a
                href={`/help/${me.account.slug}/articles/${article.id}`}
                target="_blank"
                rel="noreferrer"
              >
                {t('kb.viewPublic')}
              </a>
            )}
          </p>
        )}
        <label>
          {t('kb.f.title')}
          <input
            value={draft.title}
            onChange={set('title')}
            required
            maxLength={300}
            readOnly={ro}
          />
        </label>
        <label>
          {t('kb.f.answer')}
          <textarea
            value={draft.answer}
            onChange={set('answer')}
            rows={3}
            maxLength={5000}
            readOnly={ro}
          />
        </label>
        <label>
          {t('kb.f.similar')}
          <textarea value={draft.similar} onChange={set('similar')} rows={5} readOnly={ro} />
        </label>
        <label>
          {t('kb.f.body')}
          <textarea
            value={draft.body}
            onChange={set('body')}
            rows={10}
            className="kb-mono"
            readOnly={ro}
          />
        </label>
        {canEdit && (
          <label className="kb-upload">
            {t('kb.f.image')}
            <input
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f)
                  void run(() => apiUpload<{ markdown: string }>('/api/v1/kb/files', f)).then(
                    (r) => {
                      if (r)
                        setDraft((d) => ({
                          ...d,
                          body: `${d.body}${d.body ? '\n\n' : ''}${r.markdown}`,
                        }));
                    },
                  );
              }}
            />
          </label>
        )}
        <div className="kb-grid">
          <label>
            {t('kb.f.keywords')}
            <input value={draft.keywords} onChange={set('keywords')} readOnly={ro} />
          </label>
          <label>
            {t('kb.f.tags')}
            <input value={draft.tags} onChange={set('tags')} readOnly={ro} />
          </label>
          <label>
            {t('kb.f.category')}
            <select value={draft.categoryId} onChange={set('categoryId')} disabled={ro}>
              <option value="">{t('kb.f.none')}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {catName(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('kb.f.reviewBy')}
            <input type="date" value={draft.reviewBy} onChange={set('reviewBy')} readOnly={ro} />
          </label>
          <label>
            {t('kb.f.locale')}
            <select value={draft.locale} onChange={set('locale')} disabled={!!article || ro}>
              <option value="zh-CN">简体中文</option>
              <option value="en">English</option>
            </select>
          </label>
        </div>
        {error && (
          <p className="kb-error" role="alert">
            {error}
          </p>
        )}
        {canEdit && (
          <div className="kb-row">
            <button type="submit" className="kb-primary" disabled={busy}>
              {t('kb.save')}
            </button>
            {article && article.status !== 'published' && (
              <button
                type="button"
                onClick={() => {
                  void status('publish');
                }}
                disabled={busy}
              >
                {t('kb.publish')}
              </button>
            )}
            {article && article.status === 'published' && (
              <button
                type="button"
                onClick={() => {
                  void status('unpublish');
                }}
                disabled={busy}
              >
                {t('kb.unpublish')}
              </button>
            )}
            {article && article.status !== 'archived' && (
              <button
                type="button"
                onClick={() => {
                  void status('archive');
                }}
                disabled={busy}
              >
                {t('kb.archive')}
              </button>
            )}
            {article && (
              <button
                type="button"
                className="kb-danger"
                onClick={() => {
                  void remove();
                }}
                disabled={busy}
              >
                {t('kb.delete')}
              </button>
            )}
            <span role="status" className="kb-ok">
              {saved ? t('kb.saved') : ''}
            </span>
          </div>
        )}
      </form>
      {article && (
        <ArticleSide
          article={article}
          canEdit={canEdit}
          onTranslate={() => {
            void translate();
          }}
          onRestored={(a) => {
            setArticle({ ...article, ...a });
            setDraft(toDraft(a));
          }}
        />
      )}
    </div>
  );
}

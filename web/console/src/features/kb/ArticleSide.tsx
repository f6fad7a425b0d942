/** An article's side column: its translations and its version history (diff and restore). */
import { useEffect, useState } from 'react';
import { formatDateTime, linkHandler, useT } from '../../lib/index.ts';
import { type Article, kbApi, type Version } from './api.ts';

function Versions({
  article,
  canEdit,
  onRestored,
}: {
  article: Article;
  canEdit: boolean;
  onRestored: (a: Article) => void;
}) {
  const t = useT();
  const [versions, setVersions] = useState<Version[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [diff, setDiff] = useState<Array<{ op: string; text: string }>>([]);
  useEffect(() => {
    kbApi.versions(article.id).then(
      (r) => setVersions(r.versions),
      () => {},
    );
  }, [article.id, article.version]);
  async function show(v: number) {
    setOpen(v);
    setDiff(
      (await kbApi.version(article.id, v)).diff.filter(
        (l, i, all) => l.op !== ' ' || all[i - 1]?.op !== ' ' || all[i + 1]?.op !== ' ',
      ),
    );
  }
  return (
    <section className="kb-card" aria-labelledby="kb-versions-h">
      <h2 id="kb-versions-h">{t('kb.versions')}</h2>
      <ol className="kb-versions">
        {versions.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              className="kb-link"
              onClick={() => {
                void show(v.version);
              }}
              aria-expanded={open === v.version}
            >
              v{v.version} · {v.action}
            </button>
            <span className="kb-hint">
              {' '}
              {v.authorName ?? '—'} · {formatDateTime(v.createdAt)}
            </span>
            {open === v.version && (
              <div>
                <p className="kb-hint">{t('kb.diff')}</p>
                <pre className="kb-diff">
                  {diff.map((l, i) => (
                    <span
                      key={i}
                      className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : ''}
                    >{`${l.op} ${l.text}\n`}</span>
                  ))}
                </pre>
                {canEdit && v.version !== article.version && (
                  <button
                    type="button"
                    onClick={() => {
                      void kbApi.restore(article.id, v.version).then(onRestored);
                    }}
                  >
                    {t('kb.restore')}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ArticleSide({
  article,
  canEdit,
  onTranslate,
  onRestored,
}: {
  article: Article;
  canEdit: boolean;
  onTranslate: () => void;
  onRestored: (a: Article) => void;
}) {
  const t = useT();
  return (
    <aside className="kb-side">
      <section className="kb-card" aria-labelledby="kb-tr-h">
        <h2 id="kb-tr-h">{t('kb.translations')}</h2>
        <ul>
          {(article.translations ?? []).map((tr) => (
            <li key={tr.id}>
              <a href={`/app/kb/articles/${tr.id}`} onClick={linkHandler(`/kb/articles/${tr.id}`)}>
                {tr.locale}
              </a>{' '}
              · {t(`kb.status.${tr.status}`)}
            </li>
          ))}
        </ul>
        {canEdit &&
          !(article.translations ?? []).some(
            (tr) => tr.locale === (article.locale === 'en' ? 'zh-CN' : 'en'),
          ) && (
            <button type="button" onClick={onTranslate}>
              {t('kb.addTranslation')} ({article.locale === 'en' ? '简体中文' : 'English'})
            </button>
          )}
      </section>
      <Versions article={article} canEdit={canEdit} onRestored={onRestored} />
    </aside>
  );
}

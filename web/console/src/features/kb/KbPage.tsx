/** /app/kb — articles list, /app/kb/articles/:id (or new) — editor, /app/kb/gaps[/:id] — knowledge gaps. */
import { addMessages, hasRole, linkHandler, useMe, useRoute, useT } from '../../lib/index.ts';
import { ArticleEditor } from './ArticleEditor.tsx';
import { ArticleList } from './ArticleList.tsx';
import { GapsPage } from './GapsPage.tsx';
import { catalogue } from './strings.ts';
import './kb.css';

addMessages(catalogue);

export default function KbPage() {
  const t = useT();
  const { segments } = useRoute();
  const me = useMe();
  const canEdit = hasRole(me?.user, 'supervisor');
  const [, section, id] = segments;
  const tab = section === 'gaps' ? 'gaps' : 'articles';
  return (
    <div className="kb-page">
      <header className="kb-head">
        <h1>{t('kb.title')}</h1>
        <nav className="kb-tabs" aria-label={t('kb.title')}>
          <a
            href="/app/kb"
            onClick={linkHandler('/kb')}
            aria-current={tab === 'articles' ? 'page' : undefined}
          >
            {t('kb.articles')}
          </a>
          {canEdit && (
            <a
              href="/app/kb/gaps"
              onClick={linkHandler('/kb/gaps')}
              aria-current={tab === 'gaps' ? 'page' : undefined}
            >
              {t('kb.gaps')}
            </a>
          )}
        </nav>
      </header>
      {section === 'gaps' && canEdit ? (
        <GapsPage id={id} />
      ) : section === 'articles' && id ? (
        <ArticleEditor key={id} id={id === 'new' ? null : id} canEdit={canEdit} />
      ) : (
        <ArticleList canEdit={canEdit} />
      )}
    </div>
  );
}

/** The composer: text, files, article suggestions while typing, and the page-context chip. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Article, Controller, State } from './controller.ts';
import type { T } from './strings.ts';
import { contextLabel } from './context.ts';
import { ArticleList } from './ArticleSearch.tsx';
import { ClipIcon, CloseIcon } from './icons.tsx';

/** "About: <article title>": the page context sent with the next message; the visitor may remove it. */
export function ContextChip({ c, t, s }: { c: Controller; t: T; s: State }) {
  if (!s.context) return null;
  return (
    <div class="k-context" data-testid="context">
      <span class="k-context-text">
        <span class="k-muted">{t('about')}</span> {contextLabel(s.context)}
      </span>
      <button
        type="button"
        class="k-link"
        aria-label={t('removeContext')}
        title={t('removeContext')}
        onClick={() => c.setContext(null)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}

export function Composer({ c, t, s }: { c: Controller; t: T; s: State }) {
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<Article[]>([]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (s.open) ref.current?.focus();
  }, [s.open]);
  useEffect(() => {
    if (!s.articlesAvailable) return;
    const h = setTimeout(() => {
      void c.searchArticles(text).then((r) => setSuggestions(r.slice(0, 3)));
    }, 400);
    return () => clearTimeout(h);
  }, [text, s.articlesAvailable]);
  const send = () => {
    if (!text.trim()) return;
    void c.send(text);
    setText('');
    setSuggestions([]);
  };
  const onFiles = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])].slice(0, 5);
    input.value = '';
    await c.sendFiles(files);
  };
  return (
    <div class="k-composer-wrap">
      {suggestions.length ? <ArticleList list={suggestions} t={t} /> : null}
      {s.uploading ? <p class="k-muted k-small">{t('uploading')}</p> : null}
      {s.notice === 'uploadFailed' ? (
        <p class="k-error k-small" role="alert">
          {t('uploadFailed')}
        </p>
      ) : null}
      <ContextChip c={c} t={t} s={s} />
      <form
        class="k-composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <input
          ref={fileRef}
          type="file"
          class="k-hidden"
          tabIndex={-1}
          aria-hidden="true"
          multiple
          onChange={onFiles}
        />
        <button
          type="button"
          class="k-icon"
          aria-label={t('attach')}
          title={t('attach')}
          onClick={() => fileRef.current?.click()}
        >
          <ClipIcon />
        </button>
        <textarea
          ref={ref}
          rows={1}
          value={text}
          aria-label={t('composerLabel')}
          placeholder={t('placeholder')}
          maxLength={10000}
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            c.typing(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" class="k-send" disabled={!text.trim()}>
          {t('send')}
        </button>
      </form>
    </div>
  );
}

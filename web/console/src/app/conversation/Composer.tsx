/**
 * Reply / private-note composer: Enter sends, Shift+Enter newline, "/" opens canned responses with
 * search (a picked one is filled in for this conversation: useCanned.ts), emoji picker, file upload
 * by button, paste and drag-and-drop, typing signals. A reply that still has a `{{variable}}` is not
 * sent: CannedNotice names each one until the agent edits it.
 */
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
} from 'react';
import { apiUpload, ApiError } from '../../lib/api.ts';
import { useLocale, useT } from '../../lib/i18n.ts';
import { Icon } from '../icons.tsx';
import { realtime } from '../../lib/realtime.ts';
import type { AttachmentDTO, CannedResponseDTO } from '../../../../../shared/dto.ts';
import { placeholderPattern, placeholdersIn } from '../../../../../shared/template.ts';
import { CannedNotice } from './CannedNotice.tsx';
import { useCanned } from './useCanned.ts';

export interface ComposerHandle {
  focus(mode?: 'reply' | 'note'): void;
  insert(text: string): void;
}

const EMOJI = [
  '😀',
  '😊',
  '🙂',
  '😉',
  '😂',
  '🥰',
  '😍',
  '🤔',
  '😅',
  '😢',
  '😮',
  '🙏',
  '👍',
  '👌',
  '👏',
  '🙌',
  '💪',
  '🎉',
  '✅',
  '❌',
  '⭐',
  '❤️',
  '🔥',
  '📦',
  '🚚',
  '💰',
  '🕒',
  '📞',
  '📧',
  '👋',
  '🤝',
  '🌹',
];

export const Composer = forwardRef<
  ComposerHandle,
  {
    conversationId: string;
    onSend: (content: string, isPrivate: boolean, attachments: AttachmentDTO[]) => void;
  }
>(function Composer({ conversationId, onSend }, ref) {
  const t = useT();
  const locale = useLocale();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [files, setFiles] = useState<
    Array<{ key: string; name: string; att?: AttachmentDTO; error?: string }>
  >([]);
  const c = useCanned(conversationId);
  const canned = c.list;
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const typingTimer = useRef<number | undefined>(undefined);
  const typingOn = useRef(false);

  useImperativeHandle(ref, () => ({
    focus(m) {
      if (m) setMode(m);
      area.current?.focus();
    },
    insert(s) {
      setText((prev) => (prev ? `${prev}${prev.endsWith('\n') ? '' : '\n'}${s}` : s));
      area.current?.focus();
    },
  }));

  const stopTyping = () => {
    window.clearTimeout(typingTimer.current);
    if (typingOn.current) {
      typingOn.current = false;
      realtime.typing(conversationId, false, mode === 'note');
    }
  };
  useEffect(() => () => stopTyping(), []); // eslint-disable-line react-hooks/exhaustive-deps

  function onChange(value: string) {
    setText(value);
    if (!typingOn.current && value) {
      typingOn.current = true;
      realtime.typing(conversationId, true, mode === 'note');
    }
    window.clearTimeout(typingTimer.current);
    typingTimer.current = window.setTimeout(stopTyping, 3000);
    c.search(value);
  }

  async function pickCanned(picked: CannedResponseDTO) {
    const filled = await c.render({ cannedId: picked.id });
    if (filled !== null) setText(filled);
    area.current?.focus();
  }
  async function fillVariables() {
    const filled = await c.render({ content: text });
    if (filled !== null) setText(filled);
  }
  /** Selects the first `{{name}}` in the reply, so the agent can type over it. */
  function selectPlaceholder(name: string) {
    const m = [...text.matchAll(placeholderPattern())].find((x) => x[1] === name);
    if (!m || m.index === undefined || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(m.index, m.index + m[0].length);
  }

  async function upload(list: FileList | File[]) {
    for (const f of Array.from(list).slice(0, 10)) {
      const key = `${Date.now()}-${Math.random()}`;
      setFiles((prev) => [...prev, { key, name: f.name || 'image.png' }]);
      try {
        const att = await apiUpload<AttachmentDTO>('/api/v1/attachments', f, f.name || 'image.png');
        setFiles((prev) => prev.map((x) => (x.key === key ? { ...x, att } : x)));
      } catch (err) {
        const msg =
          err instanceof ApiError && err.code === 'payload_too_large'
            ? t('composer.tooLarge')
            : t('composer.uploadFailed');
        setFiles((prev) => prev.map((x) => (x.key === key ? { ...x, error: msg } : x)));
      }
    }
  }

  const uploading = files.some((f) => !f.att && !f.error);
  // a reply never reaches the customer with a raw {{variable}}; a private note may quote one
  const left = mode === 'reply' ? placeholdersIn(text) : [];
  const blocked = uploading || c.rendering || left.length > 0;
  function send() {
    const ready = files.filter((f) => f.att).map((f) => f.att!);
    if ((!text.trim() && !ready.length) || blocked) return;
    onSend(text, mode === 'note', ready);
    setText('');
    setFiles([]);
    c.forget();
    stopTyping();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (canned && canned.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        c.move(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        void pickCanned(canned[c.index]);
        return;
      }
    }
    if (e.key === 'Escape') {
      c.close();
      setEmojiOpen(false);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  function onPaste(e: ClipboardEvent) {
    const pasted = Array.from(e.clipboardData.files);
    if (pasted.length) {
      e.preventDefault();
      void upload(pasted);
    }
  }
  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) void upload(e.dataTransfer.files);
  }

  return (
    <section
      className={`composer${mode === 'note' ? ' note' : ''}${dragging ? ' dragging' : ''}`}
      aria-label={mode === 'note' ? t('composer.note') : t('composer.reply')}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {canned && (
        <div className="popover" role="listbox" id="canned-list" aria-label={t('composer.canned')}>
          {canned.length === 0 ? (
            <div className="empty">{t('composer.noCanned')}</div>
          ) : (
            canned.map((r, i) => (
              <div
                key={r.id}
                id={`canned-option-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === c.index}
                onMouseDown={(e) => {
                  e.preventDefault();
                  void pickCanned(r);
                }}
              >
                <strong>/{r.shortCode}</strong>{' '}
                <span className="muted">
                  {(r.texts[locale] ?? r.texts['zh-CN'] ?? r.texts.en ?? '').slice(0, 80)}
                </span>
              </div>
            ))
          )}
        </div>
      )}
      {emojiOpen && (
        <div className="popover emoji-grid" role="dialog" aria-label={t('composer.emoji')}>
          {EMOJI.map((em) => (
            <button
              type="button"
              key={em}
              aria-label={em}
              onClick={() => {
                setText((s) => s + em);
                setEmojiOpen(false);
                area.current?.focus();
              }}
            >
              {em}
            </button>
          ))}
        </div>
      )}
      <fieldset className="tabs" aria-label={t('composer.mode')}>
        <button type="button" aria-pressed={mode === 'reply'} onClick={() => setMode('reply')}>
          {t('composer.reply')}
        </button>
        <button
          type="button"
          aria-pressed={mode === 'note'}
          onClick={() => setMode('note')}
          data-testid="note-toggle"
        >
          {t('composer.note')}
        </button>
        {mode === 'note' && (
          <span className="muted" style={{ fontSize: 12 }}>
            {t('composer.noteHint')}
          </span>
        )}
      </fieldset>
      {files.length > 0 && (
        <div className="pending-files">
          {files.map((f) => (
            <span key={f.key} className="chip">
              {f.error ? `${f.name}: ${f.error}` : f.att ? f.name : `${f.name} …`}
              <button
                type="button"
                className="ghost"
                aria-label={t('composer.removeFile', { name: f.name })}
                onClick={() => setFiles((p) => p.filter((x) => x.key !== f.key))}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      <CannedNotice
        left={left}
        last={c.last}
        rendering={c.rendering}
        failed={c.failed}
        onSelect={selectPlaceholder}
        onFill={() => void fillVariables()}
      />
      <label htmlFor="composer-text" className="sr-only">
        {mode === 'note' ? t('composer.note') : t('composer.reply')}
      </label>
      <textarea
        id="composer-text"
        ref={area}
        value={text}
        rows={3}
        data-testid="composer"
        placeholder={mode === 'note' ? t('composer.notePlaceholder') : t('composer.placeholder')}
        aria-autocomplete="list"
        aria-controls={canned ? 'canned-list' : undefined}
        aria-activedescendant={canned?.length ? `canned-option-${c.index}` : undefined}
        aria-invalid={left.length > 0 || undefined}
        aria-busy={c.rendering || undefined}
        readOnly={c.rendering}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => window.setTimeout(() => c.close(), 150)}
      />
      <div className="actions">
        <button
          type="button"
          className="ghost"
          aria-label={t('composer.emoji')}
          aria-expanded={emojiOpen}
          onClick={() => setEmojiOpen((o) => !o)}
        >
          <Icon name="smile" />
        </button>
        <button
          type="button"
          className="ghost"
          aria-label={t('composer.attach')}
          onClick={() => fileInput.current?.click()}
        >
          <Icon name="clip" />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            if (e.target.files) void upload(e.target.files);
            e.target.value = '';
          }}
        />
        <span className="spacer" />
        <span className="muted hint" style={{ fontSize: 12 }}>
          {t('composer.hint')}
        </span>
        <button
          type="button"
          className="primary"
          onClick={send}
          disabled={blocked || (!text.trim() && !files.some((f) => f.att))}
          data-testid="send"
        >
          {mode === 'note' ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </section>
  );
});

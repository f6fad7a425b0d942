/**
 * "More actions" of the conversation header: an icon button named once (aria-label, tooltip) that
 * opens a menu of real menu items — arrow keys move between them, Escape or a click outside closes.
 */
import { Ellipsis, type LucideIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../lib/i18n.ts';

export interface MoreItem {
  id: string;
  label: string;
  icon: LucideIcon;
  run: () => void;
}

export function MoreMenu({ items }: { items: MoreItem[] }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const itemsOf = () =>
    Array.from(box.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? []);

  useEffect(() => {
    if (!open) return;
    itemsOf()[0]?.focus();
    const onPointer = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onPointer);
    return () => window.removeEventListener('mousedown', onPointer);
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const all = itemsOf();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      all[(i + step + all.length) % all.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      all[e.key === 'Home' ? 0 : all.length - 1]?.focus();
    } else if (e.key === 'Tab') setOpen(false);
  };

  return (
    <div className="moremenu" ref={box}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'more-actions-menu' : undefined}
        data-testid="more-actions"
        aria-label={t('action.more')}
        title={t('action.more')}
        onClick={() => setOpen((o) => !o)}
      >
        <Ellipsis className="icon" aria-hidden="true" />
      </button>
      {open && (
        <div
          id="more-actions-menu"
          role="menu"
          aria-label={t('action.more')}
          className="moremenu-list"
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          {items.map(({ id, label, icon: I, run }) => (
            <button
              key={id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-action={id}
              onClick={() => {
                setOpen(false);
                run();
              }}
            >
              <I className="icon" aria-hidden="true" />
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

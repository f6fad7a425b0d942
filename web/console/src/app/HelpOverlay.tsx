import { useEffect, useRef } from 'react';
import { useT } from '../lib/i18n.ts';

export const SHORTCUTS: Array<[string, string]> = [
  ['j / Alt+↓', 'shortcuts.next'],
  ['k / Alt+↑', 'shortcuts.prev'],
  ['r', 'shortcuts.reply'],
  ['n', 'shortcuts.note'],
  ['a', 'shortcuts.assignMe'],
  ['e', 'shortcuts.resolve'],
  ['z', 'shortcuts.snooze'],
  ['Enter', 'shortcuts.send'],
  ['Shift+Enter', 'shortcuts.newline'],
  ['/', 'shortcuts.canned'],
  ['?', 'shortcuts.help'],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    // A press outside the dialog (on the backdrop) closes it.
    const onPointer = (e: MouseEvent) => {
      if (dialog.current && !dialog.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', onPointer);
    return () => window.removeEventListener('mousedown', onPointer);
  }, [onClose]);
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
      >
        <h2 id="help-title">{t('shortcuts.title')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, label]) => (
              <tr key={k}>
                <td>
                  <span className="kbd">{k}</span>
                </td>
                <td>{t(label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <button ref={ref} type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

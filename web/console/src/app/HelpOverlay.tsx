import { useEffect, useRef } from 'react';
import { useT } from '../lib/i18n.ts';

export const SHORTCUTS: Array<[string, string]> = [
  ['j / Alt+↓', 'shortcuts.next'],
  ['k / Alt+↑', 'shortcuts.prev'],
  ['r', 'shortcuts.reply'],
  ['n', 'shortcuts.note'],
  ['a', 'shortcuts.assignMe'],
  ['e', 'shortcuts.resolve'],
  ['Enter', 'shortcuts.send'],
  ['Shift+Enter', 'shortcuts.newline'],
  ['/', 'shortcuts.canned'],
  ['?', 'shortcuts.help'],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
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

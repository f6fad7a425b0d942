/**
 * What the composer tells the agent about a canned reply: that it is being filled in, that it could
 * not be, that it is not in the customer's language, and — blocking the send — each `{{variable}}`
 * still in the reply with why it could not be filled (a click selects it in the reply).
 */
import type { MissingVariableDTO, RenderedCannedDTO } from '../../../../../shared/dto.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { catalogue } from './canned.strings.ts';
import './canned.css';

addMessages(catalogue);

export function CannedNotice({
  left,
  last,
  rendering,
  failed,
  onSelect,
  onFill,
}: {
  /** Variable names of the placeholders still in the reply. */
  left: string[];
  last: RenderedCannedDTO | null;
  rendering: boolean;
  failed: boolean;
  onSelect: (name: string) => void;
  onFill: () => void;
}) {
  const t = useT();
  const reason = (name: string): MissingVariableDTO['reason'] | 'left' =>
    last?.missing.find((m) => m.name === name)?.reason ?? 'left';
  return (
    <>
      {rendering && (
        <p className="canned-notice" aria-live="polite">
          {t('composer.canned.rendering')}
        </p>
      )}
      {failed && (
        <p className="canned-notice warn" role="alert">
          {t('composer.canned.failed')}
        </p>
      )}
      {last && last.textLanguage !== last.language && (
        <p className="canned-notice" data-testid="canned-fallback">
          {t('composer.canned.fallback', {
            language: t(`composer.lang.${last.language}`),
            textLanguage: t(`composer.lang.${last.textLanguage}`),
          })}
        </p>
      )}
      {left.length > 0 && (
        <div className="canned-notice warn" role="alert" data-testid="unfilled-variables">
          <span>{t('composer.vars.title')}</span>
          <ul>
            {left.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className="ghost"
                  aria-label={t('composer.vars.select', { name: `{{${name}}}` })}
                  onClick={() => onSelect(name)}
                >
                  <code>{`{{${name}}}`}</code>
                </button>{' '}
                {t(`composer.vars.${reason(name)}`)}
              </li>
            ))}
          </ul>
          <button type="button" onClick={onFill} disabled={rendering}>
            {t('composer.vars.fill')}
          </button>
        </div>
      )}
    </>
  );
}

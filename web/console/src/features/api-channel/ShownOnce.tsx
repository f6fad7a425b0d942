/** A credential shown once (with Copy), and an inline "are you sure" for replacing one. */
import { CopyButton } from '../../pages/settings/ui.tsx';
import { useT } from '../../lib/i18n.ts';

export function ShownOnce({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  testId: string;
}) {
  const t = useT();
  return (
    <div className="ac-once" role="status" data-testid={testId}>
      <strong>{label}</strong>
      <div className="cb-row">
        <code className="cb-code" data-testid={`${testId}-value`}>
          {value}
        </code>
        <CopyButton text={value} label={label} />
      </div>
      <p className="hint">{t('apiChannel.shownOnce')}</p>
    </div>
  );
}

export function Confirm({
  text,
  confirm,
  onConfirm,
  onCancel,
  busy,
}: {
  text: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const t = useT();
  return (
    <div className="ac-confirm" role="alertdialog" aria-label={text}>
      <p>{text}</p>
      <div className="cb-row">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('apiChannel.cancel')}
        </button>
      </div>
    </div>
  );
}

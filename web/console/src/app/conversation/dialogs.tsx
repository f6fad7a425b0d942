/** Small modal dialogs of the conversation header: assign/transfer, labels, snooze. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../../lib/i18n.ts';
import { useDirectory } from '../directory.ts';

export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('select, input, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    // A press outside the dialog (on the backdrop) closes it, like Escape.
    const onPointer = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onPointer);
      prev?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export function AssignDialog({
  assigneeId,
  teamId,
  onClose,
  onSubmit,
}: {
  assigneeId: string | null;
  teamId: string | null;
  onClose: () => void;
  onSubmit: (v: { assigneeId: string | null; teamId: string | null; note?: string }) => void;
}) {
  const t = useT();
  const dir = useDirectory();
  const [agent, setAgent] = useState(assigneeId ?? '');
  const [team, setTeam] = useState(teamId ?? '');
  const [note, setNote] = useState('');
  return (
    <Dialog title={t('assign.title')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit({
            assigneeId: agent || null,
            teamId: team || null,
            note: note.trim() || undefined,
          });
        }}
        style={{ display: 'grid', gap: 12 }}
      >
        <label>
          {t('assign.agent')}
          <select
            value={agent}
            onChange={(e) => setAgent(e.target.value)}
            data-testid="assign-agent"
          >
            <option value="">{t('assign.nobody')}</option>
            {dir.agents
              .filter((a) => !a.disabled)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} · {t(`availability.${a.availability}`)}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('assign.team')}
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('assign.noTeam')}</option>
            {dir.teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('assign.note')}
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={2000}
          />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('assign.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function LabelsDialog({
  labels,
  onClose,
  onSubmit,
}: {
  labels: string[];
  onClose: () => void;
  onSubmit: (labels: string[]) => void;
}) {
  const t = useT();
  const dir = useDirectory();
  const [chosen, setChosen] = useState(new Set(labels));
  const [extra, setExtra] = useState('');
  const names = [...new Set([...dir.labels.map((l) => l.name), ...labels])].sort();
  const toggle = (n: string) =>
    setChosen((s) => {
      const x = new Set(s);
      if (x.has(n)) x.delete(n);
      else x.add(n);
      return x;
    });
  return (
    <Dialog title={t('labels.title')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const all = new Set(chosen);
          if (extra.trim()) all.add(extra.trim());
          onSubmit([...all]);
        }}
        style={{ display: 'grid', gap: 8 }}
      >
        {names.map((n) => (
          <label key={n} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <input type="checkbox" checked={chosen.has(n)} onChange={() => toggle(n)} />
            {n}
          </label>
        ))}
        <label>
          {t('labels.new')}
          <input value={extra} onChange={(e) => setExtra(e.target.value)} maxLength={50} />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function SnoozeDialog({
  onClose,
  onSubmit,
}: {
  onClose: () => void;
  onSubmit: (until: Date) => void;
}) {
  const t = useT();
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const [value, setValue] = useState(localInput(tomorrow));
  const presets: Array<[string, number]> = [
    ['snooze.1h', 3600_000],
    ['snooze.4h', 4 * 3600_000],
  ];
  return (
    <Dialog title={t('snooze.title')} onClose={onClose}>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {presets.map(([k, ms]) => (
          <button key={k} type="button" onClick={() => onSubmit(new Date(Date.now() + ms))}>
            {t(k)}
          </button>
        ))}
        <button type="button" onClick={() => onSubmit(tomorrow)}>
          {t('snooze.tomorrow')}
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = new Date(value);
          if (!Number.isNaN(d.getTime()) && d.getTime() > Date.now()) onSubmit(d);
        }}
        style={{ display: 'grid', gap: 8 }}
      >
        <label>
          {t('snooze.until')}
          <input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('snooze.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Knowledge gaps: ranked topics, each with customers' questions, agents' replies, one-click draft, before/after. */
import { useEffect, useState } from 'react';
import { formatDateTime, linkHandler, navigate, useT } from '../../lib/index.ts';
import { type Effect, type Gap, type GapDetail, kbApi } from './api.ts';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function EffectTable({ detail }: { detail: NonNullable<GapDetail['effect']> }) {
  const t = useT();
  const row = (label: string, e: Effect) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{e.questions}</td>
      <td>{pct(e.answerRate)}</td>
      <td>{pct(e.helpfulness)}</td>
    </tr>
  );
  return (
    <table className="kb-table">
      <thead>
        <tr>
          <th />
          <th>{t('kb.gap.questions')}</th>
          <th>{t('kb.gap.answerRate')}</th>
          <th>{t('kb.gap.helpfulness')}</th>
        </tr>
      </thead>
      <tbody>
        {row(t('kb.gap.before'), detail.before)}
        {row(t('kb.gap.after'), detail.after)}
      </tbody>
    </table>
  );
}

function GapView({ id }: { id: string }) {
  const t = useT();
  const [gap, setGap] = useState<GapDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    kbApi.gap(id).then(setGap, (e) => setError(e.message));
  }, [id]);
  async function draft() {
    try {
      const r = await kbApi.draftFromGap(id);
      navigate(`/kb/articles/${r.article.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  if (error)
    return (
      <p className="kb-error" role="alert">
        {error}
      </p>
    );
  if (!gap) return null;
  return (
    <div className="kb-stack">
      <p>
        <a href="/app/kb/gaps" onClick={linkHandler('/kb/gaps')}>
          ← {t('kb.gaps')}
        </a>
      </p>
      <section className="kb-card">
        <h2>{gap.label}</h2>
        <p className="kb-row">
          <span className="kb-tag">
            {gap.status === 'resolved' ? t('kb.gap.resolved') : t('kb.gap.open')}
          </span>{' '}
          {t('kb.gap.volume')}: {gap.volume}
        </p>
        <div className="kb-row">
          {gap.articleId ? (
            <button type="button" onClick={() => navigate(`/kb/articles/${gap.articleId}`)}>
              {t('kb.gap.openArticle')}
            </button>
          ) : (
            <button
              type="button"
              className="kb-primary"
              onClick={() => {
                void draft();
              }}
            >
              {t('kb.gap.draft')}
            </button>
          )}
          {!gap.articleId && (
            <button
              type="button"
              onClick={() => {
                void kbApi.dismissGap(id).then(() => navigate('/kb/gaps'));
              }}
            >
              {t('kb.gap.dismiss')}
            </button>
          )}
        </div>
      </section>
      {gap.effect && (
        <section className="kb-card">
          <h2>{t('kb.gap.effect')}</h2>
          <EffectTable detail={gap.effect} />
        </section>
      )}
      <section className="kb-card">
        <h2>{t('kb.gap.examples')}</h2>
        <ul>
          {gap.examples.map((e, i) => (
            <li key={i}>
              {e.question}{' '}
              <span className="kb-hint">
                · {t(`kb.outcome.${e.outcome}`)} · {formatDateTime(e.at)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="kb-card">
        <h2>{t('kb.gap.replies')}</h2>
        <ul>
          {gap.agentReplies.map((r, i) => (
            <li key={i}>
              <blockquote>{r.text}</blockquote>
              <span className="kb-hint">
                {r.agentName ?? ''}
                {r.rating ? ` · ${t('kb.gap.rating', { rating: r.rating })}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function GapsPage({ id }: { id?: string }) {
  const t = useT();
  const [gaps, setGaps] = useState<Gap[] | null>(null);
  useEffect(() => {
    if (!id)
      kbApi.gaps().then(
        (r) => setGaps(r.gaps),
        () => setGaps([]),
      );
  }, [id]);
  if (id) return <GapView id={id} />;
  if (gaps && !gaps.length) return <p className="kb-hint">{t('kb.gap.empty')}</p>;
  return (
    <table className="kb-table">
      <thead>
        <tr>
          <th>{t('kb.gap.examples')}</th>
          <th>{t('kb.gap.volume')}</th>
          <th>{t('kb.gap.trend')}</th>
        </tr>
      </thead>
      <tbody>
        {gaps?.map((g) => (
          <tr key={g.id}>
            <td>
              <a href={`/app/kb/gaps/${g.id}`} onClick={linkHandler(`/kb/gaps/${g.id}`)}>
                {g.label}
              </a>
            </td>
            <td>{g.volume}</td>
            <td>
              {g.last7} / {g.previous7} {g.trend > 0 ? '↑' : g.trend < 0 ? '↓' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

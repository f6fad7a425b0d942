/**
 * The satisfaction rating card offered after a resolved conversation (1–5 stars, optional comment).
 */
import { useState } from 'preact/hooks';
import type { Controller } from './controller.ts';
import type { Key, T } from './strings.ts';
import { StarIcon } from './icons.tsx';

export function Csat({ c, t }: { c: Controller; t: T }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  return (
    <form
      class="k-card k-csat"
      onSubmit={(e) => {
        e.preventDefault();
        if (rating) void c.rate(rating, comment);
      }}
    >
      <fieldset>
        <legend>{t('csatTitle')}</legend>
        <div class="k-stars" role="radiogroup" aria-label={t('csatTitle')}>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= rating ? 'k-star on' : 'k-star'}>
              <input
                type="radio"
                name="k-csat-rating"
                value={n}
                checked={rating === n}
                aria-label={`${t('csatStar', { count: n })} · ${t(`csatLabel${n}` as Key)}`}
                onChange={() => setRating(n)}
              />
              <StarIcon on={n <= rating} />
            </label>
          ))}
        </div>
        {rating ? <p class="k-muted">{t(`csatLabel${rating}` as Key)}</p> : null}
        <label class="k-field">
          <span>{t('csatComment')}</span>
          <textarea
            rows={2}
            maxLength={1000}
            value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <button type="submit" class="k-primary" disabled={!rating}>
          {t('csatSubmit')}
        </button>
      </fieldset>
    </form>
  );
}

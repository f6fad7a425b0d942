/** Loaders for the public datasets under --datasets DIR (see each SOURCE.md). Script-only code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../server/nlp/data/csv.ts';
import { normalizeText } from '../../server/nlp/text/normalize.ts';
import type { TrainRow } from '../../server/nlp/linear/train.ts';

export type Split = 'train' | 'dev' | 'test';

function readTsv(path: string): string[][] {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return lines.map((l) => l.split('\t'));
}

/** ChnSentiCorp: label 1 positive / 0 negative. */
export function chnSentiCorp(dir: string, split: Split): TrainRow[] {
  return readTsv(join(dir, 'chnsenticorp', `${split}.tsv`))
    .slice(1)
    .map(([l, t]) => ({ text: t ?? '', label: l === '1' ? 'positive' : 'negative' }))
    .filter((r) => r.text.trim() !== '');
}

/** online_shopping_10_cats, minus any review whose normalized text appears in `exclude`. */
export function onlineShopping(dir: string, exclude: Set<string>): TrainRow[] {
  const rows = parseCsv(
    readFileSync(join(dir, 'online_shopping_10_cats', 'online_shopping_10_cats.csv'), 'utf8'),
  ).slice(1);
  return rows
    .map(([, l, t]) => ({
      text: (t ?? '').replace(/\ufeff/g, ''),
      label: l === '1' ? 'positive' : 'negative',
    }))
    .filter((r) => r.text.trim() !== '' && !exclude.has(normalizeText(r.text)));
}

export const EMOTIONS = ['neutral', 'angry', 'happy', 'sad', 'fear', 'surprise'] as const;

/** SMP2020-EWECT usual: 0 neutral, 1 angry, 2 happy, 3 sad, 4 fear, 5 surprise. */
export function smp2020(dir: string, split: Split): TrainRow[] {
  return readTsv(join(dir, 'smp2020_ewect_usual', `${split}.tsv`))
    .slice(1)
    .map(
      ([l, t]): TrainRow => ({
        text: t ?? '',
        label: (EMOTIONS as readonly string[])[Number(l)] ?? '',
      }),
    )
    .filter((r) => r.text.trim() !== '' && r.label !== '');
}

interface GoRow {
  text: string;
  names: string[];
}

function goEmotionsRaw(dir: string, split: Split): GoRow[] {
  const names = readFileSync(join(dir, 'goemotions', 'emotions.txt'), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean);
  return readTsv(join(dir, 'goemotions', `${split}.tsv`)).map(([t, ids]) => ({
    text: t ?? '',
    names: (ids ?? '').split(',').map((i) => names[Number(i)]),
  }));
}

function invert(
  mapping: Record<string, string[]>,
  rename: Record<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [group, members] of Object.entries(mapping))
    for (const m of members) out.set(m, rename[group] ?? group);
  out.set('neutral', 'neutral');
  return out;
}

/** Rows whose labels all map to one group (multi-group rows are dropped). */
function mapGo(rows: GoRow[], map: Map<string, string>, drop: string[] = []): TrainRow[] {
  const out: TrainRow[] = [];
  for (const r of rows) {
    const groups = new Set(r.names.map((n) => map.get(n) ?? '?'));
    const [g] = [...groups];
    if (groups.size === 1 && g !== '?' && !drop.includes(g)) out.push({ text: r.text, label: g });
  }
  return out;
}

/** GoEmotions mapped to Ekman groups → our six emotions (anger+disgust → angry). */
export function goEmotionsEkman(dir: string, split: Split): TrainRow[] {
  const ekman = JSON.parse(readFileSync(join(dir, 'goemotions', 'ekman_mapping.json'), 'utf8'));
  const map = invert(ekman, { anger: 'angry', disgust: 'angry', joy: 'happy', sadness: 'sad' });
  return mapGo(goEmotionsRaw(dir, split), map);
}

/** GoEmotions mapped with sentiment_dict.json → positive/negative/neutral (ambiguous dropped). */
export function goEmotionsSentiment(dir: string, split: Split): TrainRow[] {
  const dict = JSON.parse(readFileSync(join(dir, 'goemotions', 'sentiment_dict.json'), 'utf8'));
  return mapGo(goEmotionsRaw(dir, split), invert(dict, {}), ['ambiguous']);
}

/** BANKING77 CSV rows (text, category). */
export function banking77(dir: string, split: 'train' | 'test'): TrainRow[] {
  return parseCsv(readFileSync(join(dir, 'banking77', `${split}.csv`), 'utf8'))
    .slice(1)
    .map(([t, l]) => ({ text: t ?? '', label: (l ?? '').trim() }))
    .filter((r) => r.text !== '' && r.label !== '');
}

/** SMP2019-ECDT task 1 rows, label `domain.intent` (the file has bare NaN values where intent is missing). */
export function smp2019(dir: string): TrainRow[] {
  const raw = readFileSync(join(dir, 'smp2019_ecdt_nlu', 'train.json'), 'utf8').replace(
    /:\s*NaN/g,
    ': null',
  );
  return (JSON.parse(raw) as { text: string; domain: string; intent: string | null }[])
    .map((r) => ({ text: r.text, label: `${r.domain}.${r.intent ?? 'none'}` }))
    .filter((r) => r.text.trim() !== '');
}

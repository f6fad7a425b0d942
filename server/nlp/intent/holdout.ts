import type { TrainRow } from '../linear/train.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
}

/**
 * Stratified split: about `fraction` of each label's rows go to `heldOut` (labels with < 3 rows stay
 * in `fit`). When `pseudoOosShare` > 0, that share of in-scope labels is held out entirely to play
 * unseen out-of-scope requests while tuning the rejection threshold (real OOS rows alone only teach
 * the OOS topics that happen to be in the training data).
 */
export function splitHoldout(
  rows: TrainRow[],
  fraction: number,
  seed: number,
  pseudoOosShare = 0,
  oosLabel?: string,
): {
  fit: TrainRow[];
  heldOut: TrainRow[];
  pseudoOos: Set<string>;
} {
  const rand = rng(seed);
  const byLabel = new Map<string, TrainRow[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  const labels = [...byLabel.keys()].sort();
  const pseudoOos = new Set<string>();
  if (pseudoOosShare > 0 && labels.length >= 6) {
    const shuffled = labels
      .filter((l) => l !== oosLabel)
      .map((l) => ({ l, k: rand() }))
      .sort((a, b) => a.k - b.k);
    for (const { l } of shuffled.slice(0, Math.max(1, Math.round(labels.length * pseudoOosShare))))
      pseudoOos.add(l);
  }
  const fit: TrainRow[] = [];
  const heldOut: TrainRow[] = [];
  for (const l of labels) {
    const group = byLabel
      .get(l)!
      .map((r) => ({ r, k: rand() }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.r);
    const nHeld = pseudoOos.has(l)
      ? Math.round(group.length * fraction)
      : group.length >= 3
        ? Math.max(1, Math.round(group.length * fraction))
        : 0;
    heldOut.push(...group.slice(0, nHeld));
    if (!pseudoOos.has(l)) fit.push(...group.slice(nHeld));
  }
  return { fit, heldOut, pseudoOos };
}

import { classificationReport, round } from '../linear/metrics.ts';
import type { LinearModel } from '../linear/model.ts';
import { predictProba } from '../linear/model.ts';
import type { TrainRow } from '../linear/train.ts';

/** Sentiment eval; a test file with only negative/positive rows is scored on the binary decision. */
export function evalSentiment(model: LinearModel, test: TrainRow[]) {
  const binary = test.every((r) => r.label === 'negative' || r.label === 'positive');
  const neg = model.labels.indexOf('negative'),
    pos = model.labels.indexOf('positive');
  const pred = test.map((r) => {
    const p = predictProba(model, r.text);
    if (binary) return p[neg] >= p[pos] ? 'negative' : 'positive';
    return model.labels[p.indexOf(Math.max(...p))];
  });
  const labels = binary ? ['negative', 'positive'] : ['negative', 'neutral', 'positive'];
  const rep = classificationReport(
    test.map((r) => r.label),
    pred,
    labels,
  );
  return {
    accuracy: round(rep.accuracy),
    macro_f1: round(rep.macro_f1),
    negative_f1: round(rep.perClass.negative.f1),
  };
}

/** Emotion eval over the labels present in the test file (macro-F1 over those labels). */
export function evalEmotion(model: LinearModel, test: TrainRow[]) {
  const pred = test.map((r) => {
    const p = predictProba(model, r.text);
    return model.labels[p.indexOf(Math.max(...p))];
  });
  const labels = [...new Set(test.map((r) => r.label))].sort();
  const rep = classificationReport(
    test.map((r) => r.label),
    pred,
    labels,
  );
  return { accuracy: round(rep.accuracy), macro_f1: round(rep.macro_f1) };
}

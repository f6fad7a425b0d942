import { fitTemperature } from './calibrate.ts';
import { DEFAULT_FEATURES, type FeatureConfig } from './features.ts';
import { decisionOf, type LinearModel } from './model.ts';
import { trainOvR } from './svm.ts';
import { transform, fitVectorizer } from './vectorizer.ts';

export interface TrainRow {
  text: string;
  label: string;
  weight?: number;
}

export interface LinearTrainOptions {
  features?: Partial<FeatureConfig>;
  minDf?: number;
  C?: number;
  epochs?: number;
  balance?: number;
  /** Rows used only to fit the softmax temperature (none → a default temperature). */
  calibration?: TrainRow[];
  labels?: string[];
  seed?: number;
}

/** Trains a calibrated one-vs-rest linear SVM over hashed n-gram tf-idf features. */
export function trainLinear(rows: TrainRow[], opts: LinearTrainOptions = {}): LinearModel {
  const cfg: FeatureConfig = { ...DEFAULT_FEATURES, ...opts.features };
  const labels = opts.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  const labelIdx = new Map(labels.map((l, i) => [l, i]));
  const kept = rows.filter((r) => labelIdx.has(r.label));
  const { vec, X } = fitVectorizer(
    kept.map((r) => r.text),
    cfg,
    opts.minDf ?? 1,
  );
  const y = Int32Array.from(kept, (r) => labelIdx.get(r.label)!);
  const sampleWeight = kept.some((r) => r.weight !== undefined)
    ? Float32Array.from(kept, (r) => r.weight ?? 1)
    : undefined;
  const weights = trainOvR(X, y, labels.length, {
    C: opts.C ?? 0.5,
    epochs: opts.epochs ?? 15,
    balance: opts.balance ?? 0,
    sampleWeight,
    seed: opts.seed,
  });
  const model: LinearModel = {
    labels,
    vec,
    weights,
    temperature: 5,
    offsets: new Float32Array(labels.length),
    meta: {},
  };
  const cal = (opts.calibration ?? []).filter((r) => labelIdx.has(r.label));
  if (cal.length > 0) {
    const dec = cal.map((r) => decisionOf(model, transform(vec, r.text)));
    model.temperature = fitTemperature(
      dec,
      Int32Array.from(cal, (r) => labelIdx.get(r.label)!),
    );
  }
  return model;
}

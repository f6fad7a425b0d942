/** Builds the shipped sentiment and emotion models (zh + en) from the public datasets. */
import { normalizeText } from '../../server/nlp/text/normalize.ts';
import {
  trainLinear,
  type LinearTrainOptions,
  type TrainRow,
} from '../../server/nlp/linear/train.ts';
import type { LinearModel } from '../../server/nlp/linear/model.ts';
import { csAffect, csIntentAffect } from './cs-data.ts';
import {
  chnSentiCorp,
  goEmotionsEkman,
  goEmotionsSentiment,
  onlineShopping,
  smp2020,
} from './datasets.ts';

const AFFECT_FEATURES = {
  bits: 20,
  charMin: 1,
  charMax: 3,
  words: true,
  wordBigrams: true,
  stem: true,
};

/** SMP2020 emotions as sentiment: happy → positive, angry/sad/fear → negative, neutral; surprise dropped. */
function smpAsSentiment(rows: TrainRow[]): TrainRow[] {
  const map: Record<string, string> = {
    happy: 'positive',
    angry: 'negative',
    sad: 'negative',
    fear: 'negative',
    neutral: 'neutral',
  };
  return rows.filter((r) => map[r.label]).map((r) => ({ text: r.text, label: map[r.label] }));
}

export function sentimentData(dir: string): { train: TrainRow[]; dev: TrainRow[] } {
  const heldOut = [...chnSentiCorp(dir, 'dev'), ...chnSentiCorp(dir, 'test')];
  const exclude = new Set(heldOut.map((r) => normalizeText(r.text)));
  const train = [
    ...chnSentiCorp(dir, 'train'),
    ...onlineShopping(dir, exclude),
    ...smpAsSentiment(smp2020(dir, 'train')),
    ...goEmotionsSentiment(dir, 'train'),
    ...csAffect('sentiment', 5),
    ...csIntentAffect('sentiment', 3),
  ];
  const dev = [
    ...chnSentiCorp(dir, 'dev'),
    ...smpAsSentiment(smp2020(dir, 'dev')),
    ...goEmotionsSentiment(dir, 'dev'),
  ];
  return { train, dev };
}

export function emotionData(dir: string): { train: TrainRow[]; dev: TrainRow[] } {
  const train = [
    ...smp2020(dir, 'train'),
    ...goEmotionsEkman(dir, 'train'),
    ...csAffect('emotion', 5),
    ...csIntentAffect('emotion', 3),
  ];
  const dev = [...smp2020(dir, 'dev'), ...goEmotionsEkman(dir, 'dev')];
  return { train, dev };
}

export function trainSentiment(dir: string, over: LinearTrainOptions = {}): LinearModel {
  const { train, dev } = sentimentData(dir);
  const model = trainLinear(train, {
    features: AFFECT_FEATURES,
    minDf: 3,
    C: 0.3,
    epochs: 10,
    balance: 0.5,
    calibration: dev,
    labels: ['negative', 'neutral', 'positive'],
    ...over,
  });
  model.meta = {
    task: 'sentiment',
    trainRows: train.length,
    data: [
      'chnsenticorp/train',
      'online_shopping_10_cats',
      'smp2020_ewect_usual/train',
      'goemotions/train',
      'scripts/ai/data/cs-affect.csv',
    ],
  };
  return model;
}

export function trainEmotion(dir: string, over: LinearTrainOptions = {}): LinearModel {
  const { train, dev } = emotionData(dir);
  const model = trainLinear(train, {
    features: AFFECT_FEATURES,
    minDf: 3,
    C: 0.3,
    epochs: 10,
    balance: 0.5,
    calibration: dev,
    labels: ['neutral', 'angry', 'happy', 'sad', 'fear', 'surprise'],
    ...over,
  });
  model.meta = {
    task: 'emotion',
    trainRows: train.length,
    data: [
      'smp2020_ewect_usual/train',
      'goemotions/train (ekman)',
      'scripts/ai/data/cs-affect.csv',
    ],
  };
  return model;
}

/**
 * `kefu ai …` — offline AI evaluation and training. Every eval prints ONE JSON object on stdout.
 *   eval intent --train TRAIN.csv --test TEST.csv [--oos-label oos]
 *   eval sentiment|emotion --test TEST.csv [--model PATH]
 *   eval faq --kb KB.jsonl --test TEST.csv [--oos-label oos]
 *   train intent|sentiment|emotion --data FILE.csv [--out PATH] [--oos-label oos]
 */
import { readFileSync } from 'node:fs';
import { parseLabelledCsv } from '../nlp/data/csv.ts';
import { evalEmotion, evalSentiment } from '../nlp/eval/eval-affect.ts';
import { evalFaq } from '../nlp/eval/eval-faq.ts';
import { evalIntent } from '../nlp/eval/eval-intent.ts';
import { trainIntent } from '../nlp/intent/intent.ts';
import { loadModel, saveModel } from '../nlp/linear/artifact.ts';
import { trainLinear } from '../nlp/linear/train.ts';
import { loadModelsSync } from '../nlp/models.ts';
import type { KbEntry } from '../nlp/retrieval/index.ts';

type Flags = Record<string, string>;

function parseFlags(args: string[]): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      flags[args[i].slice(2)] = args[i + 1] ?? '';
      i++;
    } else positional.push(args[i]);
  }
  return { positional, flags };
}

function need(flags: Flags, name: string): string {
  if (!flags[name]) throw new Error(`missing --${name}`);
  return flags[name];
}

const rowsOf = (path: string) => parseLabelledCsv(readFileSync(path, 'utf8'));

function readKb(path: string): KbEntry[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as KbEntry);
}

function affectModel(flags: Flags, task: 'sentiment' | 'emotion') {
  return flags.model
    ? loadModel(flags.model.replace(/\.(json|bin)$/, ''))
    : loadModelsSync({ intent: false })[task];
}

function runEval(what: string, flags: Flags): object {
  if (what === 'intent')
    return evalIntent(
      rowsOf(need(flags, 'train')),
      rowsOf(need(flags, 'test')),
      flags['oos-label'] || undefined,
    );
  if (what === 'sentiment')
    return evalSentiment(affectModel(flags, 'sentiment'), rowsOf(need(flags, 'test')));
  if (what === 'emotion')
    return evalEmotion(affectModel(flags, 'emotion'), rowsOf(need(flags, 'test')));
  if (what === 'faq') {
    return evalFaq(
      readKb(need(flags, 'kb')),
      rowsOf(need(flags, 'test')),
      loadModelsSync({ intent: false }),
      { oosLabel: flags['oos-label'] || undefined },
    );
  }
  throw new Error(`unknown eval target: ${what}`);
}

const AFFECT_FEATURES = {
  bits: 20,
  charMin: 1,
  charMax: 3,
  words: true,
  wordBigrams: true,
  stem: true,
};

function runTrain(what: string, flags: Flags): object {
  const rows = rowsOf(need(flags, 'data'));
  const out = (flags.out || `${what}-custom.v1`).replace(/\.(json|bin)$/, '');
  const t0 = performance.now();
  if (what === 'intent') {
    saveModel(trainIntent(rows, { oosLabel: flags['oos-label'] || undefined }).model, out);
  } else if (what === 'sentiment' || what === 'emotion') {
    const model = trainLinear(rows, {
      features: AFFECT_FEATURES,
      minDf: 1,
      C: 0.3,
      epochs: 10,
      balance: 0.5,
    });
    model.meta = { task: what, trainRows: rows.length };
    saveModel(model, out);
  } else throw new Error(`unknown train target: ${what}`);
  return {
    model: `${out}.json`,
    rows: rows.length,
    train_seconds: Math.round(performance.now() - t0) / 1000,
  };
}

const USAGE =
  'usage: kefu ai eval intent|sentiment|emotion|faq … | kefu ai train intent|sentiment|emotion --data FILE.csv [--out PATH]';

/** Entry point for `kefu ai …`; returns the process exit code. */
export async function runAiCommand(argv: string[]): Promise<number> {
  const { positional, flags } = parseFlags(argv);
  const [cmd, what] = positional;
  try {
    if (cmd === 'eval' && what) process.stdout.write(`${JSON.stringify(runEval(what, flags))}\n`);
    else if (cmd === 'train' && what)
      process.stdout.write(`${JSON.stringify(runTrain(what, flags))}\n`);
    else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    return 0;
  } catch (err) {
    process.stderr.write(`kefu ai: ${(err as Error).message}\n`);
    return 1;
  }
}

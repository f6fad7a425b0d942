/**
 * worker_threads entry: holds retrieval indexes (built here, never on the server's event loop) and
 * answers searches. Protocol: {id, key, version, entries?, op?, query, locale?, k, queryVector?} →
 * {id, candidates} | {id, texts} | {id, missing: true} (send again with entries) | {id, error}.
 */
import { parentPort } from 'node:worker_threads';
import { buildIndex, search, type KbEntry, type KbIndex } from '../../../nlp/index.ts';

interface Req {
  id: number;
  key: string;
  version: string;
  entries?: KbEntry[];
  /** 'texts': the index's variant texts (to embed); 'vectors': attach embeddings; default: search. */
  op?: 'load' | 'texts' | 'vectors';
  vectors?: number[][];
  query: string;
  locale?: string;
  k: number;
  queryVector?: number[];
}

const MAX_INDEXES = 50;
const indexes = new Map<string, { version: string; index: KbIndex }>();

function indexFor(req: Req): KbIndex | null {
  const hit = indexes.get(req.key);
  if (hit && hit.version === req.version) {
    indexes.delete(req.key);
    indexes.set(req.key, hit); // LRU order
    return hit.index;
  }
  if (!req.entries) return null;
  const index = buildIndex(req.entries);
  if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
  indexes.set(req.key, { version: req.version, index });
  return index;
}

parentPort?.postMessage({ ready: true });
parentPort?.on('message', (req: Req) => {
  try {
    const index = indexFor(req);
    if (!index) {
      parentPort?.postMessage({ id: req.id, missing: true });
      return;
    }
    if (req.op === 'load') {
      parentPort?.postMessage({ id: req.id, candidates: [] });
      return;
    }
    if (req.op === 'texts') {
      parentPort?.postMessage({ id: req.id, texts: index.variantText });
      return;
    }
    if (req.op === 'vectors') {
      if (req.vectors?.length === index.variantText.length) index.vectors = req.vectors;
      parentPort?.postMessage({ id: req.id, candidates: [] });
      return;
    }
    const hybrid = req.queryVector && index.vectors ? { queryVector: req.queryVector } : {};
    let candidates = search(index, req.query, req.k, {
      ...hybrid,
      ...(req.locale ? { locale: req.locale } : {}),
    });
    if (!candidates.length && req.locale) candidates = search(index, req.query, req.k, hybrid);
    parentPort?.postMessage({ id: req.id, candidates });
  } catch (err) {
    parentPort?.postMessage({ id: req.id, error: (err as Error).message });
  }
});

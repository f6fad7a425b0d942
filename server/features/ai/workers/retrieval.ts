/**
 * Retrieval off the event loop: one worker thread builds and caches the KB indexes and runs the
 * searches. The main thread only asks the KnowledgeSource for its version (and, when the worker
 * lacks that version, the entries). A dead or stuck worker is replaced on the next call.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KnowledgeSource } from '../../../core/kit/contracts.ts';
import type { Candidate } from '../../../nlp/index.ts';
import { demoSource, knowledgeSource, toKbEntry, type KbOptions } from './knowledge.ts';

const WORKER_URL = new URL('./kb-worker.ts', import.meta.url);
const TSX_API = pathToFileURL(
  join(
    dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  ),
).href;
// scripts/build-server.ts points WORKER_URL at the built worker (.js): it then runs without tsx.
const BUILT = WORKER_URL.pathname.endsWith('.js');

type Reply = {
  id: number;
  candidates?: Candidate[];
  texts?: string[];
  missing?: boolean;
  error?: string;
};
interface Slot {
  worker: Worker;
  pending: Map<number, (r: Reply) => void>;
  loaded: Map<string, string>;
  embedded: Map<string, string>;
  /** Per index: the public help-center URL of each entry that has one (the bot's source links). */
  urls: Map<string, Map<string, string>>;
}

/** A retrieved entry with its public help-center URL, when the knowledge source gave one. */
export type KbCandidate = Candidate & { url?: string };

/** Optional embeddings (an LLM provider's /v1/embeddings): `model` is part of the cache key. */
export interface KbEmbedder {
  model: string;
  embed(texts: string[]): Promise<number[][]>;
}

let slot: Slot | null = null;
let nextId = 1;

function spawn(): Slot {
  const boot = BUILT
    ? `import(${JSON.stringify(WORKER_URL.href)}).catch((e) => { console.error(e); process.exit(1); });`
    : `import(${JSON.stringify(TSX_API)}).then((m) => m.register())` +
      `.then(() => import(${JSON.stringify(WORKER_URL.href)})).catch((e) => { console.error(e); process.exit(1); });`;
  const worker = new Worker(boot, { eval: true, execArgv: BUILT ? [] : ['--import', 'tsx'] });
  const s: Slot = {
    worker,
    pending: new Map(),
    loaded: new Map(),
    embedded: new Map(),
    urls: new Map(),
  };
  worker.on('message', (r: Reply & { ready?: boolean }) => {
    if (r.id === undefined) return;
    const done = s.pending.get(r.id);
    s.pending.delete(r.id);
    done?.(r);
  });
  const fail = () => {
    for (const done of s.pending.values()) done({ id: -1, error: 'retrieval worker exited' });
    s.pending.clear();
    if (slot === s) slot = null;
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  worker.unref();
  return s;
}

function call(s: Slot, msg: Record<string, unknown>, timeoutMs: number): Promise<Reply> {
  const id = nextId++;
  return new Promise<Reply>((resolve, reject) => {
    const timer = setTimeout(() => {
      s.pending.delete(id);
      if (slot === s) slot = null;
      void s.worker.terminate();
      reject(new Error(`retrieval timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    s.pending.set(id, (r) => {
      clearTimeout(timer);
      r.error ? reject(new Error(r.error)) : resolve(r);
    });
    s.worker.postMessage({ id, ...msg });
  });
}

async function searchSource(
  source: KnowledgeSource,
  tag: string,
  accountId: string,
  inboxId: string | undefined,
  query: string,
  locale: string | undefined,
  k: number,
  embedder?: KbEmbedder,
): Promise<KbCandidate[] | null> {
  const version = await source.version(accountId);
  const key = `${tag}|${accountId}|${inboxId ?? '*'}`;
  slot ??= spawn();
  const s = slot;
  const base = { key, version, query, locale, k };
  if (s.loaded.get(key) !== version) {
    const entries = await source.entries(accountId, inboxId ? { inboxId } : undefined);
    if (!entries.length) return null;
    // Building an index can take seconds for a large KB; it happens in the worker.
    const r = await call(
      s,
      { ...base, op: embedder ? 'texts' : 'load', entries: entries.map(toKbEntry) },
      60_000,
    );
    s.loaded.set(key, version);
    s.urls.set(key, new Map(entries.flatMap((e) => (e.url ? [[e.id, e.url] as const] : []))));
    s.embedded.delete(key);
    if (embedder && r.texts) await attachVectors(s, base, embedder, r.texts);
  } else if (embedder && s.embedded.get(key) !== `${version}|${embedder.model}`) {
    const r = await call(s, { ...base, op: 'texts' }, 10_000);
    if (r.texts) await attachVectors(s, base, embedder, r.texts);
  }
  const queryVector =
    embedder && s.embedded.get(key) === `${version}|${embedder.model}`
      ? await embedder.embed([query]).then(
          (v) => v[0],
          () => undefined,
        )
      : undefined;
  const r = await call(s, { ...base, queryVector }, 10_000);
  if (r.missing) {
    s.loaded.delete(key);
    return searchSource(source, tag, accountId, inboxId, query, locale, k, embedder);
  }
  const urls = s.urls.get(key);
  return r.candidates!.map((c) => {
    const url = urls?.get(c.id);
    return url ? { ...c, url } : c;
  });
}

/** Embeds the index's variants (batches of 64) and hands the vectors to the worker; failures leave it lexical. */
async function attachVectors(
  s: Slot,
  base: { key: string; version: string },
  embedder: KbEmbedder,
  texts: string[],
): Promise<void> {
  try {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += 64)
      vectors.push(...(await embedder.embed(texts.slice(i, i + 64))));
    await call(s, { ...base, op: 'vectors', vectors, query: '', k: 0 }, 30_000);
    s.embedded.set(base.key, `${base.version}|${embedder.model}`);
  } catch {
    // Lexical retrieval still works; the next KB version (or a restart) tries again.
    s.embedded.set(base.key, `${base.version}|failed`);
  }
}

/**
 * Top-k candidates in the customer's language (all languages when none match) from the account's
 * KB; with `demoFallback`, from the shipped demo KB when the account has none or its source fails.
 */
export async function searchKnowledge(
  accountId: string,
  inboxId: string | undefined,
  query: string,
  language: string | undefined,
  opts: KbOptions & { k?: number; embedder?: KbEmbedder } = {},
): Promise<KbCandidate[]> {
  const locale = language === 'zh' || language === 'en' ? language : undefined;
  const k = opts.k ?? 5;
  const source = opts.source ?? knowledgeSource();
  const e = opts.embedder;
  if (!opts.demoFallback || source === demoSource)
    return (
      (await searchSource(
        source,
        source === demoSource ? 'demo' : 'kb',
        accountId,
        inboxId,
        query,
        locale,
        k,
        e,
      )) ?? []
    );
  const primary = await searchSource(source, 'kb', accountId, inboxId, query, locale, k, e).catch(
    () => null,
  );
  return (
    primary ??
    (await searchSource(demoSource, 'demo', accountId, inboxId, query, locale, k, e)) ??
    []
  );
}

export async function closeRetrieval(): Promise<void> {
  const s = slot;
  slot = null;
  await s?.worker.terminate();
}

/** Starts the retrieval worker and builds the demo index now (serving nodes), not on the first question. */
export function prewarmRetrieval(): void {
  if (slot) return;
  searchKnowledge('prewarm', undefined, '您好 hello', 'zh', { source: demoSource }).catch(() => {});
}

/**
 * Where the bot reads the knowledge base: the KB feature's registered KnowledgeSource, or (until one
 * is registered) the small bilingual demo KB shipped beside this file. Indexes are built and
 * cached per account + inbox + source version in the retrieval worker (retrieval.ts).
 */
import { readFileSync } from 'node:fs';
import type { KnowledgeEntry, KnowledgeSource } from '../../../core/kit/contracts.ts';
import { getKnowledgeSource } from '../../../core/kit/knowledge-registry.ts';
import type { KbEntry } from '../../../nlp/index.ts';

const DEMO_FILE = new URL('./demo-kb.jsonl', import.meta.url);

let demoEntries: KnowledgeEntry[] | null = null;
export function demoKnowledge(): KnowledgeEntry[] {
  demoEntries ??= readFileSync(DEMO_FILE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const e = JSON.parse(l) as Omit<KnowledgeEntry, 'keywords'> & { keywords?: string[] };
      return { ...e, keywords: e.keywords ?? [] };
    });
  return demoEntries;
}

export const demoSource: KnowledgeSource = {
  entries: async () => demoKnowledge(),
  version: async () => 'demo-v1',
};

export function knowledgeSource(): KnowledgeSource {
  return getKnowledgeSource() ?? demoSource;
}

/** 'zh-CN' / 'zh-TW' → 'zh', 'en-US' → 'en', anything else unchanged. */
export function localeGroup(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  return l.startsWith('zh') ? 'zh' : l.startsWith('en') ? 'en' : l;
}

export function toKbEntry(e: KnowledgeEntry): KbEntry {
  return {
    id: e.id,
    question: e.title,
    similar_questions: e.similarQuestions,
    keywords: e.keywords,
    answer: e.answer,
    locale: localeGroup(e.locale),
  };
}

export interface KbOptions {
  /** Use the shipped demo KB when the account has no published entries (inbox setting `bot.demoKnowledge`). */
  demoFallback?: boolean;
  source?: KnowledgeSource;
}

/** Where the bot finds the knowledge base: the KB feature registers its source at load time. */
import type { KnowledgeSource } from './contracts.ts';

let current: KnowledgeSource | null = null;

export function setKnowledgeSource(source: KnowledgeSource): void {
  current = source;
}
export function getKnowledgeSource(): KnowledgeSource | null {
  return current;
}

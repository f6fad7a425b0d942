/**
 * Canned replies in the customer's language, filled for a conversation: the canned feature registers
 * its renderer at load time; automation (routing's `send_canned` action) renders through it.
 */
import type { Executor } from '../db/client.ts';
import type { MissingVariable } from '../domain/template.ts';

export interface CannedRenderInput {
  accountId: string;
  conversationId: string;
  cannedId: string;
  /** The agent writing (fills `{{agent.name}}`); null: the conversation's assignee. */
  agentId: string | null;
}
/** The filled text, what could not be filled (left as written), or null: no such canned response. */
export type CannedRenderer = (
  db: Executor,
  input: CannedRenderInput,
) => Promise<{ content: string; missing: MissingVariable[] } | null>;

let current: CannedRenderer | null = null;

export function setCannedRenderer(renderer: CannedRenderer): void {
  current = renderer;
}
export function getCannedRenderer(): CannedRenderer | null {
  return current;
}

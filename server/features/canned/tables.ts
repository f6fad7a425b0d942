/**
 * The canned feature's column on the core's `canned_responses` table (migration 090), merged into
 * the core's row type by declaration merging: the core names no feature.
 */
import type { Generated } from 'kysely';

declare module '../../core/db/types.ts' {
  interface CannedResponsesTable {
    /**
     * JSON `{ "zh-CN"?: string, "en"?: string }`: the reply's text in each language it is written
     * in (at least one). The source of truth; `content` keeps the account language's text (else
     * the first) for readers of the core table.
     */
    texts: Generated<string>;
  }
}

/**
 * Saved filters: a user's named views of the inbox list. `filter` holds GET /api/v1/conversations
 * query parameters (status, assignee, team, inbox, label, mode, q, sort), validated here so the
 * console can pass it straight back to the list endpoint.
 */
import { z } from 'zod';
import { Id, Status } from '../../../core/http/schemas.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { SavedFiltersTable } from '../tables.ts';

export const MAX_SAVED_FILTERS = 50;

export const SavedFilterQuery = z.strictObject({
  status: z
    .string()
    .regex(/^[a-z]+(,[a-z]+)*$/)
    .refine((s) => s.split(',').every((x) => Status.safeParse(x).success), 'unknown status')
    .optional(),
  assignee: z.union([Id, z.enum(['me', 'none'])]).optional(),
  team: z.union([Id, z.literal('none')]).optional(),
  inbox: Id.optional(),
  label: z.string().trim().min(1).max(100).optional(),
  mode: z.enum(['bot', 'human']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z
    .string()
    .regex(/^[a-z_]{1,30}$/)
    .optional(),
});
export type SavedFilterQuery = z.infer<typeof SavedFilterQuery>;

export function presentSavedFilter(r: SavedFiltersTable) {
  return {
    id: r.id,
    name: r.name,
    filter: parseJson<SavedFilterQuery>(r.filter, {}),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}

/** What the widget API presents is the shared/dto.ts shapes the widget imports (a drift fails tsc and this test). */
import { describe, expect, it } from 'vitest';
import { VisitorConversationSchema, WidgetPublicSettingsSchema } from '../../../../shared/dto.ts';
import type { Conversation } from '../../../core/db/types.ts';
import type {
  VisitorConversationDTO,
  WidgetPublicSettings,
} from '../../../core/presenters/types.ts';
import { visitorConversation } from './visitor.ts';
import { publicWidgetSettings } from './settings.ts';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_ok?: T) => {};
assertType<Equal<ReturnType<typeof visitorConversation>, VisitorConversationDTO>>();
assertType<Equal<ReturnType<typeof publicWidgetSettings>, WidgetPublicSettings>>();

describe('widget API shapes', () => {
  it('visitor conversation and public settings parse with the shared schemas', () => {
    const T = Date.UTC(2026, 0, 2);
    const c = {
      id: 'c1',
      account_id: 'a1',
      inbox_id: 'i1',
      contact_id: 'k1',
      display_id: 1,
      status: 'resolved',
      snoozed_until: null,
      priority: 'none',
      assignee_id: 'u1',
      team_id: null,
      mode: 'human',
      last_seq: 4,
      last_message_id: null,
      last_message_at: null,
      last_incoming_at: null,
      waiting_since: null,
      contact_last_read_seq: 3,
      created_at: T,
      updated_at: T,
      resolved_at: T,
      custom_attributes: '{}',
    } as Conversation;
    expect(VisitorConversationSchema.parse(visitorConversation(c))).toEqual({
      id: 'c1',
      status: 'resolved',
      mode: 'human',
      lastSeq: 4,
      createdAt: new Date(T).toISOString(),
      assigned: true,
      resolvedAt: new Date(T).toISOString(),
      visitorReadSeq: 3,
    });
    expect(
      WidgetPublicSettingsSchema.parse(
        publicWidgetSettings({ preChatForm: { enabled: true, fields: ['email', 'shoe size'] } }),
      ),
    ).toEqual({
      color: '#1f6feb',
      greeting: {},
      position: 'right',
      preChatForm: { enabled: true, fields: ['email'], required: [] },
      botMode: 'off',
    });
  });
});

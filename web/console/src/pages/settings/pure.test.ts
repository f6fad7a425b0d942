/** Pure logic of console part B (run with web tests: needs 'web/**\/*.test.ts' in vitest include). */
import { describe, expect, it } from 'vitest';
import { attributesPatch, parseValue } from '../contacts/attributes.ts';
import { notificationPrefs } from '../profile/prefs.ts';
import { formatDuration } from './ui-format.ts';
import { formFromSettings, settingsFromForm, textOn } from './widget-form.ts';
import { applyEvent, type Overview } from '../supervisor/live.ts';
import { stringKeys } from '../register-strings.ts';

describe('widget settings form', () => {
  it('round-trips settings and normalises domains and field order', () => {
    const form = formFromSettings({
      color: '#FF0000',
      greeting: { 'zh-CN': '你好', en: 'Hi' },
      position: 'left',
      preChatForm: { enabled: true, fields: ['email', 'name', 'bogus'], required: ['email'] },
      allowedDomains: ['a.com'],
      bot: { mode: 'suggest' },
    });
    expect(form).toMatchObject({
      color: '#FF0000',
      greetingZh: '你好',
      position: 'left',
      preChatFields: ['email', 'name'],
      preChatRequired: ['email'],
      botMode: 'suggest',
    });
    const out = settingsFromForm({
      ...form,
      domains: 'Shop.Example.com\n*.example.com, shop.example.com\n\n',
      preChatFields: ['phone', 'name'],
      preChatRequired: ['name', 'email'],
    });
    expect(out).toMatchObject({
      color: '#ff0000',
      position: 'left',
      allowedDomains: ['shop.example.com', '*.example.com'],
      preChatForm: { enabled: true, fields: ['name', 'phone'], required: ['name'] },
      bot: { mode: 'suggest' },
    });
  });
  it('defaults safely on junk', () => {
    expect(formFromSettings({ color: 'red', position: 'top', bot: { mode: 'x' } })).toMatchObject({
      color: '#1f6feb',
      position: 'right',
      botMode: 'off',
      greetingZh: '',
    });
  });
  it('picks a readable text colour', () => {
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#1f6feb')).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe('#000000');
  });
});

describe('contact attributes', () => {
  it('types values and removes deleted keys with null', () => {
    expect(parseValue('42')).toBe(42);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('0012345678901234567')).toBe('0012345678901234567');
    expect(
      attributesPatch({ plan: 'gold', old: 1 }, [
        { key: 'plan', value: 'vip' },
        { key: ' orders ', value: '3' },
        { key: '', value: 'x' },
      ]),
    ).toEqual({ plan: 'vip', orders: 3, old: null });
  });
});

describe('notification preferences', () => {
  it('defaults everything on and keeps explicit choices', () => {
    expect(notificationPrefs({})).toEqual({
      desktop: true,
      sound: true,
      events: { new_message: true, assignment: true, handover: true, mention: true },
    });
    expect(
      notificationPrefs({ notifications: { desktop: false, events: { assignment: false } } }).events
        .assignment,
    ).toBe(false);
  });
});

describe('supervisor live state', () => {
  const base: Overview = {
    generatedAt: '',
    truncated: false,
    inboxes: [],
    teams: [],
    agents: [
      {
        id: 'a1',
        name: 'Li',
        email: '',
        role: 'agent',
        availability: 'online',
        avatarUrl: null,
        openCount: 0,
        pendingCount: 0,
        lastActivityAt: null,
      },
    ],
    conversations: [
      {
        id: 'c1',
        displayId: 1,
        status: 'open',
        priority: 'none',
        mode: 'human',
        assigneeId: null,
        teamId: null,
        inboxId: 'i',
        contact: { id: 'k', name: 'Wang', email: null },
        waitingSince: '2026-01-01T00:00:00Z',
        lastMessageAt: null,
        createdAt: '2026-01-01T00:00:00Z',
        emotion: null,
      },
    ],
  };
  const conv = (over: Record<string, unknown>) => ({
    id: 'c1',
    displayId: 1,
    status: 'open',
    priority: 'none',
    mode: 'human',
    assigneeId: null,
    teamId: null,
    inboxId: 'i',
    contactId: 'k',
    waitingSince: null,
    lastMessageAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  });

  it('updates a known conversation and recounts load', () => {
    const r = applyEvent(base, {
      type: 'conversation.assigned',
      payload: { conversation: conv({ assigneeId: 'a1', priority: 'high' }) },
    });
    expect(r.refetch).toBe(false);
    expect(r.state.conversations[0]).toMatchObject({
      assigneeId: 'a1',
      priority: 'high',
      contact: { name: 'Wang' },
    });
    expect(r.state.agents[0].openCount).toBe(1);
  });
  it('drops resolved conversations, asks to refetch unknown live ones, ignores unknown finished ones', () => {
    expect(
      applyEvent(base, {
        type: 'conversation.status_changed',
        payload: { conversation: conv({ status: 'resolved' }) },
      }).state.conversations,
    ).toEqual([]);
    expect(
      applyEvent(base, {
        type: 'conversation.created',
        payload: { conversation: conv({ id: 'c2' }) },
      }).refetch,
    ).toBe(true);
    expect(
      applyEvent(base, {
        type: 'conversation.status_changed',
        payload: { conversation: conv({ id: 'c3', status: 'closed' }) },
      }),
    ).toEqual({ state: base, refetch: false });
    expect(applyEvent(base, { type: 'resync', payload: {} }).refetch).toBe(true);
  });
  it('tracks routing alerts until answered', () => {
    const raised = applyEvent(base, {
      type: 'routing.alert_raised',
      payload: { alertId: 'x', conversationId: 'c1', kind: 'anger', intensity: 0.9 },
    }).state;
    expect(raised.alerts).toEqual({ c1: 'anger' });
    expect(
      applyEvent(raised, {
        type: 'routing.alert_answered',
        payload: { alertId: 'x', conversationId: 'c1', responseMs: 900 },
      }).state.alerts,
    ).toEqual({});
  });
  it('applies emotion and availability', () => {
    const e = applyEvent(base, {
      type: 'message.analyzed',
      payload: {
        conversationId: 'c1',
        emotion: { label: 'angry', intensity: 0.9 },
        trend: 'rising_anger',
      },
    });
    expect(e.state.conversations[0].emotion).toEqual({
      label: 'angry',
      intensity: 0.9,
      trend: 'rising_anger',
    });
    expect(
      applyEvent(base, {
        type: 'user.availability_changed',
        payload: { userId: 'a1', availability: 'away' },
      }).state.agents[0].availability,
    ).toBe('away');
  });
  it('formats waiting durations', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('strings', () => {
  it('zh-CN and en define the same keys', () => {
    expect([...stringKeys.zh].sort()).toEqual([...stringKeys.en].sort());
  });
});

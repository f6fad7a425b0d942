/** Table tests for the widget app's pure logic (web/widget/app): safe links and message-list rules. */
import { describe, expect, it } from 'vitest';
import { safeHref, segments } from '../../../web/widget/app/text.ts';
import {
  mergeMessages,
  showHumanControl,
  stillPending,
  unreadCount,
  type Message,
} from '../../../web/widget/app/messages.ts';
import { initialLocale, widgetLocale as pickLocale } from '../../../web/widget/app/strings.ts';

describe('segments(): text with safe links only', () => {
  it.each([
    [
      'plain <img src=x onerror=alert(1)>',
      [{ kind: 'text', text: 'plain <img src=x onerror=alert(1)>' }],
    ],
    [
      'see https://a.com/x.',
      [
        { kind: 'text', text: 'see ' },
        { kind: 'link', text: 'https://a.com/x', href: 'https://a.com/x' },
        { kind: 'text', text: '.' },
      ],
    ],
    [
      '网址 https://a.com/x，谢谢',
      [
        { kind: 'text', text: '网址 ' },
        { kind: 'link', text: 'https://a.com/x', href: 'https://a.com/x' },
        { kind: 'text', text: '，谢谢' },
      ],
    ],
    ['javascript:alert(1)', [{ kind: 'text', text: 'javascript:alert(1)' }]],
    ['[x](javascript:alert(1))', [{ kind: 'text', text: '[x](javascript:alert(1))' }]],
    [
      '[y](data:text/html;base64,PHNjcmlwdD4=)',
      [{ kind: 'text', text: '[y](data:text/html;base64,PHNjcmlwdD4=)' }],
    ],
    ['[文档](https://k.dev/a?b=1)', [{ kind: 'link', text: '文档', href: 'https://k.dev/a?b=1' }]],
    [
      'mail a@b.co now',
      [
        { kind: 'text', text: 'mail ' },
        { kind: 'link', text: 'a@b.co', href: 'mailto:a@b.co' },
        { kind: 'text', text: ' now' },
      ],
    ],
    ['[z](vbscript:msgbox)', [{ kind: 'text', text: '[z](vbscript:msgbox)' }]],
    ['', []],
  ])('%s', (input, expected) => {
    expect(segments(input)).toEqual(expected);
  });

  it.each([
    ['https://a.com', 'https://a.com/'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    [' javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:image/png;base64,AAAA', null],
    ['ftp://a.com/f', null],
    ['mailto:', null],
    ['not a url', null],
  ])('safeHref(%j) → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });

  it('resolves relative article URLs against the widget origin', () => {
    expect(safeHref('/help/a/1', 'https://kefu.example')).toBe('https://kefu.example/help/a/1');
    expect(safeHref('javascript:alert(1)', 'https://kefu.example')).toBeNull();
  });
});

const msg = (seq: number, over: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  conversationId: 'conv1',
  seq,
  type: 'incoming',
  sender: { type: 'contact', id: 'c' },
  content: `#${seq}`,
  attributes: {},
  attachments: [],
  clientMessageId: `cm${seq}`,
  status: 'sent',
  createdAt: new Date(0).toISOString(),
  ...over,
});

describe('message list rules', () => {
  it('merges without duplicates, in seq order, ignoring notes/activities, keeping known attachments', () => {
    const att = {
      id: 'a',
      fileName: 'f.png',
      contentType: 'image/png',
      size: 1,
      url: '/api/v1/attachments/a',
    };
    const list = mergeMessages(
      [msg(3), msg(1, { attachments: [att] })],
      [msg(2), msg(3), msg(4, { type: 'note' }), msg(5, { type: 'activity' }), msg(1)],
    );
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(list[0].attachments).toEqual([att]);
  });

  it('pending messages disappear once the server copy (same client id) is listed', () => {
    const pending = [
      { clientMessageId: 'cm2', content: 'x', attachmentIds: [], createdAt: 0 },
      { clientMessageId: 'cm9', content: 'y', attachmentIds: [], createdAt: 0 },
    ];
    expect(stillPending(pending, [msg(1), msg(2)]).map((p) => p.clientMessageId)).toEqual(['cm9']);
  });

  it("unread = business messages after the visitor's read seq", () => {
    const list = [
      msg(1),
      msg(2, { type: 'outgoing', sender: { type: 'user', id: 'u' } }),
      msg(3, { type: 'outgoing', sender: { type: 'bot', id: null } }),
    ];
    expect(unreadCount(list, 0)).toBe(2);
    expect(unreadCount(list, 2)).toBe(1);
    expect(unreadCount(list, 3)).toBe(0);
  });

  const bot = (seq: number) => msg(seq, { type: 'outgoing', sender: { type: 'bot', id: null } });
  const handover = (seq: number) =>
    msg(seq, {
      type: 'outgoing',
      sender: { type: 'system', id: null },
      attributes: { kind: 'handover' },
    });
  const conv = (mode: string) => ({ id: 'c', status: 'open', mode, lastSeq: 9, assigned: false });
  it.each([
    ['no conversation', [], null, false],
    ['bot mode, nothing said yet', [], conv('bot'), true],
    [
      'human, only agent replies',
      [msg(1), msg(2, { type: 'outgoing', sender: { type: 'user', id: 'u' } })],
      conv('human'),
      false,
    ],
    ['human, but a bot answer is shown', [msg(1), bot(2)], conv('human'), true],
    ['bot answer, then handover', [msg(1), bot(2), handover(3)], conv('human'), false],
    ['handover, then the bot speaks again', [handover(1), bot(2)], conv('human'), true],
  ] as const)('"talk to a human" — %s', (_name, list, c, expected) => {
    expect(showHumanControl([...list], c)).toBe(expected);
  });

  it.each([
    [['zh-TW'], 'zh-CN'],
    [['en-GB'], 'en'],
    [[null, 'fr', 'en-US'], 'en'],
    [['fr'], 'en'],
    [[undefined, 'zh'], 'zh-CN'],
  ] as const)('pickLocale(%j) → %s', (c, expected) => {
    expect(pickLocale(...c)).toBe(expected);
  });

  it.each([
    ['the page set it', 'en', null, ['zh-CN'], 'en'],
    ['an earlier kefu.setLocale', null, 'zh-CN', ['en-US'], 'zh-CN'],
    ["the page's setting over an earlier one", 'zh-CN', 'en', ['en-US'], 'zh-CN'],
    ["the browser's first language the widget speaks", null, null, ['fr-FR', 'en-GB', 'zh'], 'en'],
    ['a Chinese browser', null, null, ['zh-TW', 'en'], 'zh-CN'],
    ['no language it speaks', null, null, ['fr', 'de'], 'en'],
  ] as const)('initial language: %s', (_name, explicit, stored, browser, expected) => {
    expect(initialLocale(explicit, stored, browser)).toBe(expected);
  });
});

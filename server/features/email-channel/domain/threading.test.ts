/** The threading decision, case by case (the DB part is in commands/threading.test.ts). */
import { describe, expect, it } from 'vitest';
import { decideThread, type ThreadCandidate, type ThreadInput } from './threading.ts';

const conv = (id: string, over: Partial<ThreadCandidate> = {}): ThreadCandidate => ({
  conversationId: id,
  status: 'open',
  tombstoned: false,
  participants: ['alice@customer.example'],
  subject: 'Order late',
  ...over,
});
const input = (over: Partial<ThreadInput> = {}): ThreadInput => ({
  sender: 'Alice@Customer.example',
  subject: 'Re: Order late',
  forwarded: false,
  automatic: false,
  fromTeam: false,
  token: null,
  idHits: [],
  windowHits: [],
  ...over,
});

describe('decideThread', () => {
  it('joins the newest conversation of our ids the sender took part in', () => {
    const d = decideThread(
      input({
        idHits: [conv('c2', { participants: ['bob@x.example'] }), conv('c1')],
      }),
    );
    expect(d).toEqual({ conversationId: 'c1', via: 'message_id' });
  });

  it('never merges a subscriber into another subscriber conversation (newsletter replies)', () => {
    const d = decideThread(input({ sender: 'carol@else.example', idHits: [conv('c1')] }));
    expect(d).toEqual({ conversationId: null, reason: 'sender_not_participant' });
  });

  it('a reply whose subject names a new topic starts a new conversation', () => {
    const d = decideThread(input({ subject: 'Printer broken', idHits: [conv('c1')] }));
    expect(d).toEqual({ conversationId: null, reason: 'new_topic', splitFrom: 'c1' });
    expect(
      decideThread(input({ subject: 'RE: AW: [Ticket #9] order   LATE', idHits: [conv('c1')] })),
    ).toEqual({ conversationId: 'c1', via: 'message_id' });
    // An out-of-office reply has a subject of its own and still belongs to the thread.
    expect(
      decideThread(input({ subject: 'Out of office', automatic: true, idHits: [conv('c1')] })),
    ).toEqual({ conversationId: 'c1', via: 'message_id' });
  });

  it('a valid token wins without a sender check, and still splits a new topic', () => {
    const t = conv('c9', { participants: [] });
    expect(decideThread(input({ sender: 'other@x.example', token: t }))).toEqual({
      conversationId: 'c9',
      via: 'token',
    });
    expect(decideThread(input({ token: t, subject: 'New question' }))).toMatchObject({
      reason: 'new_topic',
    });
  });

  it('a closed, deleted or tombstoned conversation is never joined', () => {
    expect(decideThread(input({ idHits: [conv('c1', { status: 'closed' })] }))).toMatchObject({
      reason: 'conversation_closed',
    });
    expect(decideThread(input({ idHits: [conv('c1', { status: null })] }))).toMatchObject({
      reason: 'conversation_deleted',
    });
    expect(decideThread(input({ token: conv('c1', { tombstoned: true }) }))).toMatchObject({
      reason: 'conversation_deleted',
    });
  });

  it('a forward starts a new conversation even when it references the thread', () => {
    expect(decideThread(input({ forwarded: true, idHits: [conv('c1')] }))).toEqual({
      conversationId: null,
      reason: 'forwarded',
    });
  });

  it('the team (agents, our own address) joins by id without being a participant', () => {
    const d = decideThread(
      input({
        sender: 'agent@shop.example',
        fromTeam: true,
        subject: 'whatever',
        idHits: [conv('c1')],
      }),
    );
    expect(d).toEqual({ conversationId: 'c1', via: 'message_id' });
  });

  it('the subject window joins the same sender and topic, never automatic mail', () => {
    const w = [conv('c3', { subject: 'Order late' })];
    expect(decideThread(input({ windowHits: w }))).toEqual({
      conversationId: 'c3',
      via: 'subject_window',
    });
    expect(decideThread(input({ windowHits: w, automatic: true }))).toMatchObject({
      reason: 'no_match',
    });
    expect(decideThread(input({ windowHits: w, subject: 'Other' }))).toMatchObject({
      reason: 'no_match',
    });
    expect(
      decideThread(input({ windowHits: [conv('c3', { participants: ['bob@x.example'] })] })),
    ).toMatchObject({ reason: 'no_match' });
  });
});

/** The parser's worker thread: results come back whole; a stuck or starved parser fails alone. */
import { afterAll, describe, expect, it } from 'vitest';
import { mail } from '../test/email-app.ts';
import { MailParserPool } from './parse-pool.ts';

const pools: MailParserPool[] = [];
const pool = (timeoutMs: number, maxMemoryMb: number) => {
  const p = new MailParserPool({ timeoutMs, maxMemoryMb });
  pools.push(p);
  return p;
};
afterAll(async () => {
  for (const p of pools) await p.close();
});

const withFile = mail(
  { 'Message-ID': '<pool-1@customer.example>', 'Content-Type': 'multipart/mixed; boundary="B"' },
  '--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.bin"\r\n\r\nBYTES\r\n--B--\r\n',
);

describe('MailParserPool', () => {
  it('parses in a worker: text, ids, dates and attachment bytes come back as Buffers', async () => {
    const p = pool(60_000, 256);
    const m = await p.parse(withFile);
    expect(m).toMatchObject({ messageId: 'pool-1@customer.example', text: 'hello' });
    expect(m.date).toBeInstanceOf(Date);
    expect(Buffer.isBuffer(m.parts[0]!.data)).toBe(true);
    expect(m.parts[0]!.data.toString()).toBe('BYTES');
    await p.close();
    expect((await p.parse(withFile)).messageId).toBe('pool-1@customer.example');
  });

  it('a parse that runs out of time, or a mail with absurdly many parts, fails with its code; the next one works', async () => {
    await expect(pool(0, 256).parse(withFile)).rejects.toMatchObject({
      code: 'EMAIL_PARSE_TIMEOUT',
    });
    // A mail with more MIME parts than any real mail (100,000): refused before it reaches the
    // parser, whose memory grows with the parts (on Node 24 a worker out of heap can abort the
    // process); the pool still parses the next mail.
    const huge = mail(
      {
        'Message-ID': '<pool-2@customer.example>',
        'Content-Type': 'multipart/mixed; boundary="B"',
      },
      `${'--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment\r\n\r\nx\r\n'.repeat(100_000)}--B--\r\n`,
    );
    const p = pool(60_000, 256);
    await expect(p.parse(huge)).rejects.toMatchObject({ code: 'EMAIL_PARSE_FAILED' });
    expect((await p.parse(withFile)).messageId).toBe('pool-1@customer.example');
  });
});

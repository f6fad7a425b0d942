/**
 * What PII redaction costs a customer message (features/redaction, the content filter on the
 * message path), against the same run's `sqlite_insert` (one prepared single-row INSERT): the
 * filter's pure part — quick pre-check, detectors, masks — per message, in µs.
 *
 *   redaction_plain_us: a message without digits, `@` or secret keywords (the pre-check returns);
 *   redaction_digits_us: a 200-character message with an order number, an amount and a date;
 *   redaction_pii_us: the same with a card and an ID number (both masked).
 * ratio = µs per message / µs per INSERT (ratio 0.1 = a tenth of one row write).
 */
import { detectPii, mayContainPii, redactText } from '../server/nlp/pii/detect.ts';
import { maskLocale, masker } from '../server/features/redaction/domain/mask.ts';
import { maskedTypes, DEFAULT_SETTINGS } from '../server/features/redaction/domain/settings.ts';
import { sqliteInsert } from './lib/sqlite-insert.ts';
import type { BenchOptions, Emit } from './run.ts';
import { percentile, round } from './lib/stats.ts';

const PLAIN =
  '你好，我上周买的那件外套颜色和图片不一样，能不能帮我换一件？如果不能换的话我想退货，麻烦尽快处理，谢谢！Hello, the coat I bought last week looks different from the photos.';
const DIGITS = `${PLAIN.slice(0, 120)} 订单号 20231205123456789，金额 1299.00 元，2023-12-05 下单`;
const PII = `${PLAIN.slice(0, 100)} 卡号 6222 0212 3456 7894，身份证 11010519491231002X，订单 20231205123456789`;

const types = maskedTypes(DEFAULT_SETTINGS);

function filter(text: string): string {
  if (!mayContainPii(text)) return text;
  return redactText(text, masker(maskLocale(text, 'zh-CN')), types).text;
}

function perMessageUs(text: string, quick: boolean): { p50: number; p99: number } {
  const rounds = quick ? 200 : 1000;
  const batch = 50;
  for (let i = 0; i < 200; i++) filter(text);
  const lat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) filter(text);
    lat.push(((performance.now() - s) * 1000) / batch);
  }
  return { p50: round(percentile(lat, 50), 3), p99: round(percentile(lat, 99), 3) };
}

export async function run(opts: BenchOptions, emit: Emit): Promise<void> {
  if (detectPii(PII).length !== 2 || detectPii(DIGITS).length !== 0)
    throw new Error('bench texts are not what they claim');
  const insert = await sqliteInsert(opts.quick);
  const insertUs = round(1e6 / insert.rate, 3);
  for (const [name, text] of [
    ['redaction_plain_us', PLAIN],
    ['redaction_digits_us', DIGITS],
    ['redaction_pii_us', PII],
  ] as const) {
    const { p50, p99 } = perMessageUs(text, opts.quick);
    emit({
      name,
      value: p50,
      unit: 'us',
      baseline: 'sqlite_insert_us',
      baseline_value: insertUs,
      ratio: round(p50 / insertUs, 3),
      p99_us: p99,
      chars: text.length,
    });
  }
}

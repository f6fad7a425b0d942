/**
 * What the customer already told us (order number, email, phone), found in their messages, and
 * whether a reply asks for one of them: a suggested reply never asks again for what was given
 * (assist fills it in, or leaves that suggestion out). Pure.
 */
import { findPii } from '../../../nlp/index.ts';

export interface KnownFacts {
  orderNumber?: string;
  email?: string;
  phone?: string;
}
export type Fact = keyof KnownFacts;

// "订单号 20261120001", "订单：A1001", "order #4711", "order number is 98-7765", "#4711"
const ORDER =
  /(?:订单编?号?|单号|order\s*(?:number|no\.?|id)?)\s*(?:是|为|is|:|：)?\s*#?\s*([A-Za-z]{0,4}\d[\dA-Za-z-]{3,29})|#\s?(\d{4,24})\b/gi;
/** A message that is only a code with at least 6 digits (the answer to "your order number?"). */
const BARE = /^\s*#?([A-Za-z]{0,4}\d[\dA-Za-z-]{5,29})\s*[.。]?\s*$/;
const digits = (s: string) => s.replace(/\D/g, '').length;

/** The facts in the customer's messages (oldest first; a later mention wins). */
export function knownFacts(customerMessages: string[]): KnownFacts {
  const facts: KnownFacts = {};
  for (const text of customerMessages) {
    const pii = findPii(text);
    const inPii = (at: number) =>
      pii.some((p) => p.type !== 'email' && at >= p.start && at < p.end);
    for (const m of text.matchAll(ORDER)) {
      const value = m[1] ?? m[2];
      const at = m.index + m[0].lastIndexOf(value);
      if (digits(value) >= 4 && !inPii(at)) facts.orderNumber = value;
    }
    const bare = BARE.exec(text)?.[1];
    if (bare && digits(bare) >= 6 && !pii.length) facts.orderNumber = bare;
    for (const p of pii) {
      const value = text.slice(p.start, p.end);
      if (p.type === 'email') facts.email = value;
      if (p.type === 'phone') facts.phone = value;
    }
  }
  return facts;
}

const ASKS: Record<Fact, RegExp> = {
  orderNumber:
    /(?:提供|告诉|告知|发(?:一下|给)?|回复|报|给).{0,8}(?:订单号|订单编号|单号)|(?:订单号|单号)(?:是多少|多少)|\b(?:share|provide|send|tell|give|reply with|what(?:'s| is)|need)\b.{0,24}\border\s*(?:number|no\b|id|#)/i,
  email:
    /(?:提供|告诉|告知|留下?|发).{0,8}(?:邮箱|邮件地址|电子邮件)|\b(?:share|provide|send|tell|give|leave|what(?:'s| is))\b.{0,24}\be-?mail\b/i,
  phone:
    /(?:提供|告诉|告知|留下?|发|报).{0,10}(?:手机|电话)|\b(?:share|provide|send|tell|give|leave|what(?:'s| is))\b.{0,50}\bphone\b/i,
};

/** The facts `text` asks the customer for. */
export function asksFor(text: string): Fact[] {
  return (Object.keys(ASKS) as Fact[]).filter((f) => ASKS[f].test(text));
}

/** Whether `text` asks the customer for something they already gave. */
export function asksForKnown(text: string, facts: KnownFacts): boolean {
  return asksFor(text).some((f) => !!facts[f]);
}

/** The phone number's last four digits (what a reply may repeat). */
export const lastFour = (phone: string) => phone.replace(/\D/g, '').slice(-4);

/**
 * A tiny strict parser (and writer) for WeChat's flat `<xml>` documents: elements, text, CDATA and
 * the five predefined entities plus numeric character references. Nothing else is accepted: no
 * DOCTYPE (so no entity definitions and no expansion, no external entities), no attributes, no
 * comments or processing instructions past an optional leading declaration. Linear time; bounded
 * size, depth and element count. Repeated sibling names become arrays (`<item>` lists).
 */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(`xml: ${message}`);
    this.name = 'XmlError';
  }
}

export interface XmlLimits {
  maxLength: number;
  maxDepth: number;
  maxElements: number;
}
const LIMITS: XmlLimits = { maxLength: 512 * 1024, maxDepth: 6, maxElements: 2_000 };

const NAME = /[A-Za-z_][A-Za-z0-9_.-]{0,63}/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Cursor {
  pos = 0;
  elements = 0;
  constructor(
    readonly s: string,
    readonly limits: XmlLimits,
  ) {}
  fail(what: string): never {
    throw new XmlError(`${what} at ${this.pos}`);
  }
  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }
  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.pos);
  }
  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }
}

function entity(c: Cursor): string {
  ENTITY.lastIndex = c.pos;
  const m = ENTITY.exec(c.s);
  if (!m) c.fail('unknown entity');
  c.pos += m[0].length;
  if (m[1]) return NAMED[m[1]];
  const code = Number.parseInt(m[2] ?? m[3], m[2] ? 10 : 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) c.fail('bad character');
  return String.fromCodePoint(code);
}

/** The content of an element whose `<name>` was read; returns its text or its children. */
function content(c: Cursor, name: string, depth: number): XmlValue {
  let text = '';
  let onlySpace = true;
  let children: XmlObject | null = null;
  for (;;) {
    if (c.pos >= c.s.length) c.fail(`unclosed <${name}>`);
    if (c.startsWith('</')) {
      c.pos += 2;
      if (c.name() !== name) c.fail(`mismatched </…> for <${name}>`);
      c.skipSpace();
      if (c.s[c.pos] !== '>') c.fail('expected >');
      c.pos++;
      if (children && !onlySpace) c.fail(`text beside elements in <${name}>`);
      return children ?? text;
    }
    if (c.startsWith('<![CDATA[')) {
      const end = c.s.indexOf(']]>', c.pos + 9);
      if (end < 0) c.fail('unclosed CDATA');
      text += c.s.slice(c.pos + 9, end);
      onlySpace = false;
      c.pos = end + 3;
    } else if (c.s[c.pos] === '<') {
      const [child, value] = element(c, depth + 1);
      children ??= {};
      const prev = children[child];
      children[child] =
        prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else if (c.s[c.pos] === '&') {
      text += entity(c);
      onlySpace = false;
    } else {
      const ch = c.s[c.pos++];
      if (ch === '>' && c.s.slice(c.pos - 3, c.pos) === ']]>') c.fail('stray ]]>');
      if (!/\s/.test(ch)) onlySpace = false;
      text += ch;
    }
  }
}

function element(c: Cursor, depth: number): [string, XmlValue] {
  if (depth > c.limits.maxDepth) c.fail('too deep');
  if (++c.elements > c.limits.maxElements) c.fail('too many elements');
  if (c.s[c.pos] !== '<') c.fail('expected <');
  c.pos++;
  if (c.s[c.pos] === '!' || c.s[c.pos] === '?') c.fail('declarations are not allowed');
  const name = c.name();
  c.skipSpace();
  if (c.startsWith('/>')) {
    c.pos += 2;
    return [name, ''];
  }
  if (c.s[c.pos] !== '>') c.fail('attributes are not allowed');
  c.pos++;
  return [name, content(c, name, depth)];
}

/** Parses a WeChat document; the root must be `<xml>` with child elements. Throws XmlError. */
export function parseWechatXml(input: string, limits: XmlLimits = LIMITS): XmlObject {
  if (input.length > limits.maxLength) throw new XmlError('document too large');
  const c = new Cursor(input.replace(/^\uFEFF/, ''), limits);
  c.skipSpace();
  if (c.startsWith('<?xml')) {
    const end = c.s.indexOf('?>', c.pos);
    if (end < 0 || /[<>]/.test(c.s.slice(c.pos + 5, end))) c.fail('bad declaration');
    c.pos = end + 2;
    c.skipSpace();
  }
  const [name, value] = element(c, 1);
  c.skipSpace();
  if (c.pos !== c.s.length) c.fail('content after the root');
  if (name !== 'xml') throw new XmlError('the root is not <xml>');
  if (typeof value === 'string') {
    if (value.trim()) throw new XmlError('the root has text');
    return {};
  }
  return value as XmlObject;
}

/** The string value of a field, or undefined (a nested or repeated field is not a string). */
export function field(doc: XmlObject, name: string): string | undefined {
  const v = doc[name];
  return typeof v === 'string' ? v : undefined;
}

const cdata = (s: string) => `<![CDATA[${s.split(']]>').join(']]]]><![CDATA[>')}]]>`;

/** Writes a flat `<xml>` document the way WeChat does: strings in CDATA, numbers bare. */
export function buildWechatXml(fields: Record<string, string | number | undefined>): string {
  let out = '<xml>';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k)) throw new XmlError(`bad element name ${k}`);
    out += `<${k}>${typeof v === 'number' ? String(v) : cdata(v)}</${k}>`;
  }
  return `${out}</xml>`;
}

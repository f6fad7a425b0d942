/** The strict `<xml>` parser: WeChat's documents parse; DTDs, entities, attributes and junk are refused. */
import { describe, expect, it } from 'vitest';
import { buildWechatXml, field, parseWechatXml, XmlError } from './xml.ts';

const refused = (s: string) => {
  try {
    parseWechatXml(s);
    return false;
  } catch (err) {
    return err instanceof XmlError;
  }
};

describe('parseWechatXml', () => {
  it("parses the platform's text message", () => {
    const doc = parseWechatXml(`<xml>
      <ToUserName><![CDATA[gh_123]]></ToUserName>
      <FromUserName><![CDATA[oUser]]></FromUserName>
      <CreateTime>1348831860</CreateTime>
      <MsgType><![CDATA[text]]></MsgType>
      <Content><![CDATA[你好 <b>&amp;</b> ]]]></Content>
      <MsgId>1234567890123456</MsgId>
    </xml>`);
    expect(doc).toEqual({
      ToUserName: 'gh_123',
      FromUserName: 'oUser',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: '你好 <b>&amp;</b> ]',
      MsgId: '1234567890123456',
    });
  });

  it('decodes the predefined entities and character references outside CDATA', () => {
    const doc = parseWechatXml(
      '<?xml version="1.0" encoding="utf-8"?><xml><A>a &lt;&gt;&amp;&quot;&apos; &#20320;&#x597D;</A><B/></xml>',
    );
    expect(doc).toEqual({ A: `a <>&"' 你好`, B: '' });
  });

  it('nested elements become objects and repeated names arrays', () => {
    const doc = parseWechatXml(
      '<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo></xml>',
    );
    expect(doc.SendPicsInfo).toEqual({
      Count: '2',
      PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] },
    });
    expect(field(doc, 'SendPicsInfo')).toBeUndefined();
  });

  it('refuses DTDs and entity definitions (no XXE, no billion laughs)', () => {
    expect(
      refused(
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>',
      ),
    ).toBe(true);
    expect(refused('<!DOCTYPE xml><xml></xml>')).toBe(true);
    expect(refused('<xml><A>&x;</A></xml>')).toBe(true);
    expect(refused('<xml><A>&#0;</A></xml>')).toBe(true);
    expect(refused('<xml><A>&#xD800;</A></xml>')).toBe(true);
  });

  it('refuses attributes, comments, processing instructions, junk and a wrong root', () => {
    for (const bad of [
      '<xml a="1"><A>1</A></xml>',
      '<xml><!-- c --><A>1</A></xml>',
      '<xml><?pi x?><A>1</A></xml>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      '<xml><A>1</A></xml><xml></xml>',
      '<xml><A>1</A>text</xml>',
      '<xml><A><![CDATA[open</A></xml>',
      '<xml><A>a]]>b</A></xml>',
      '<root><A>1</A></root>',
      '<xml>text</xml>',
      '',
      'not xml',
      '<xml><1A>1</1A></xml>',
    ])
      expect(refused(bad), bad).toBe(true);
  });

  it('refuses documents past the depth, element and size bounds', () => {
    const deep = `<xml>${'<a>'.repeat(10)}x${'</a>'.repeat(10)}</xml>`;
    expect(refused(deep)).toBe(true);
    const many = `<xml>${'<a>1</a>'.repeat(3_000)}</xml>`;
    expect(refused(many)).toBe(true);
    expect(refused(`<xml><A>${'x'.repeat(600 * 1024)}</A></xml>`)).toBe(true);
  });
});

describe('buildWechatXml', () => {
  it('writes CDATA strings and bare numbers that parse back, even with ]]> inside', () => {
    const xml = buildWechatXml({
      ToUserName: 'o1',
      CreateTime: 12,
      Content: 'a]]>b<c>',
      Skip: undefined,
    });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>12</CreateTime><Content><![CDATA[a]]]]><![CDATA[>b<c>]]></Content></xml>',
    );
    expect(parseWechatXml(xml)).toEqual({
      ToUserName: 'o1',
      CreateTime: '12',
      Content: 'a]]>b<c>',
    });
  });
});

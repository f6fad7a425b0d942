/** The callback document's typed form, the text an agent reads, and the dedupe keys. */
import { describe, expect, it } from 'vitest';
import { dedupeKey, InboundError, toInbound, wechatAttributes } from './inbound.ts';
import { parseWechatXml } from './xml.ts';

const doc = (fields: string) =>
  parseWechatXml(
    `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oU1]]></FromUserName><CreateTime>1700000000</CreateTime>${fields}</xml>`,
  );

describe('toInbound', () => {
  it.each([
    ['<MsgType>text</MsgType><Content>你好</Content><MsgId>1</MsgId>', '你好'],
    [
      '<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><Recognition>查订单</Recognition><MsgId>2</MsgId>',
      '查订单',
    ],
    ['<MsgType>image</MsgType><PicUrl>http://x</PicUrl><MediaId>m</MediaId><MsgId>3</MsgId>', ''],
    [
      '<MsgType>location</MsgType><Location_X>23.13</Location_X><Location_Y>113.26</Location_Y><Scale>20</Scale><Label>广州塔</Label><MsgId>4</MsgId>',
      '广州塔',
    ],
    [
      '<MsgType>link</MsgType><Title>T</Title><Description>D</Description><Url>https://a.example/p</Url><MsgId>5</MsgId>',
      'T\nhttps://a.example/p',
    ],
    [
      '<MsgType>miniprogrampage</MsgType><Title>商品</Title><AppId>wxa</AppId><PagePath>p/1</PagePath><MsgId>6</MsgId>',
      '商品',
    ],
  ])('%s', (fields, content) => {
    const m = toInbound(doc(fields));
    expect(m).toMatchObject({ kind: 'message', openId: 'oU1', createTime: 1700000000, content });
  });

  it('keeps what each type carries in the attributes', () => {
    const loc = toInbound(
      doc(
        '<MsgType>location</MsgType><Location_X>23.13</Location_X><Location_Y>113.26</Location_Y><Scale>20</Scale><Label>塔</Label><MsgId>4</MsgId>',
      ),
    );
    if (loc.kind !== 'message') throw new Error('not a message');
    expect(wechatAttributes(loc)).toEqual({
      msgType: 'location',
      msgId: '4',
      location: { latitude: 23.13, longitude: 113.26, scale: 20, label: '塔' },
    });
    const voice = toInbound(doc('<MsgType>voice</MsgType><MediaId>m</MediaId><MsgId>2</MsgId>'));
    if (voice.kind !== 'message') throw new Error('not a message');
    expect(voice).toMatchObject({ content: '', mediaId: 'm', format: 'amr' });
    expect(voice.recognition).toBeUndefined();
  });

  it('events, unknown types and the dedupe keys', () => {
    const e = toInbound(
      doc('<MsgType>event</MsgType><Event>CLICK</Event><EventKey>help</EventKey>'),
    );
    expect(e).toMatchObject({ kind: 'event', event: 'CLICK', eventKey: 'help' });
    expect(dedupeKey(e)).toBe('evt:oU1:1700000000:CLICK');
    expect(
      dedupeKey(toInbound(doc('<MsgType>text</MsgType><Content>a</Content><MsgId>77</MsgId>'))),
    ).toBe('msg:77');
    const odd = toInbound(doc('<MsgType>hologram</MsgType><MsgId>8</MsgId>'));
    expect(odd).toMatchObject({ kind: 'unsupported', msgType: 'hologram' });
    expect(dedupeKey(odd)).toBe('msg:8');
  });

  it('refuses documents without a sender, a time, a MsgId or an event', () => {
    const refused = (x: () => unknown) => expect(x).toThrow(InboundError);
    refused(() =>
      toInbound(
        parseWechatXml(
          '<xml><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>',
        ),
      ),
    );
    refused(() =>
      toInbound(
        parseWechatXml(
          '<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><MsgId>1</MsgId></xml>',
        ),
      ),
    );
    refused(() =>
      toInbound(
        parseWechatXml(
          '<xml><FromUserName>o/../x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>',
        ),
      ),
    );
    refused(() => toInbound(doc('<MsgType>text</MsgType><Content>a</Content>')));
    refused(() => toInbound(doc('<MsgType>text</MsgType><Content>a</Content><MsgId>abc</MsgId>')));
    refused(() => toInbound(doc('<MsgType>event</MsgType>')));
  });
});

/**
 * The simulator's tiny web page (a development aid): chat as a WeChat user of one of its apps —
 * type a message (posted to the app's callback as the platform does) and read what the account
 * sent back (the user's "phone", polled). `GET /` the page, `GET /sim/apps`, `POST /sim/send`
 * `{ appId, openId, text }`, `GET /sim/phone?appId=&openId=`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WechatSim } from './wechat-sim.ts';

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>WeChat simulator · 微信模拟器</title>
<style>body{font:15px system-ui,sans-serif;max-width:420px;margin:2em auto}#log{border:1px solid #ccc;
height:50vh;overflow:auto;padding:.5em;background:#ededed}.me{text-align:right}.b{display:inline-block;
padding:.3em .6em;margin:.2em;border-radius:6px;background:#fff}.me .b{background:#95ec69}
form{display:flex;gap:.5em;margin-top:.5em}input{flex:1}</style></head><body>
<h1>微信模拟器 · WeChat simulator</h1>
<label>公众号 / App <select id="app"></select></label>
<label>OpenID <input id="openid"></label>
<div id="log" aria-live="polite"></div>
<form id="f"><input id="text" aria-label="消息 / Message" autocomplete="off"><button>发送 / Send</button></form>
<script>
const $ = (id) => document.getElementById(id);
$('openid').value = localStorage.simOpenId || (localStorage.simOpenId = 'o' + Math.random().toString(36).slice(2, 14));
const mine = [];
function bubble(text, me) {
  const d = document.createElement('div'); d.className = me ? 'me' : '';
  const b = document.createElement('span'); b.className = 'b'; b.textContent = text; d.append(b); return d;
}
async function refresh() {
  const q = new URLSearchParams({ appId: $('app').value, openId: $('openid').value });
  const got = await (await fetch('/sim/phone?' + q)).json();
  const all = [...mine.map((m) => ({ at: m.at, text: m.text, me: true })),
    ...got.map((m) => ({ at: m.at, text: m.text ?? '[' + m.msgtype + ']', me: false }))].sort((a, b) => a.at - b.at);
  $('log').replaceChildren(...all.map((m) => bubble(m.text, m.me)));
}
$('f').onsubmit = async (e) => {
  e.preventDefault(); const text = $('text').value.trim(); if (!text) return;
  $('text').value = ''; mine.push({ at: Date.now(), text });
  await fetch('/sim/send', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appId: $('app').value, openId: $('openid').value, text }) });
  refresh();
};
fetch('/sim/apps').then((r) => r.json()).then((apps) => {
  $('app').replaceChildren(...apps.map((a) => { const o = document.createElement('option'); o.value = a; o.textContent = a; return o; }));
  refresh(); setInterval(refresh, 2000);
});
</script></body></html>`;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Answers the page's requests; false when `path` is not one of them. */
export async function simPage(
  sim: WechatSim,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  q: Record<string, string>,
  body: () => Promise<Buffer>,
): Promise<boolean> {
  if (path === '' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  } else if (path === 'sim/apps') json(res, 200, [...sim.apps.keys()]);
  else if (path === 'sim/phone')
    json(
      res,
      200,
      sim
        .phone(q.appId ?? '', q.openId ?? '')
        .map((m) => ({ msgtype: m.msgtype, text: m.text, at: m.at })),
    );
  else if (path === 'sim/send' && req.method === 'POST') {
    const m = JSON.parse((await body()).toString('utf8')) as Record<string, string>;
    if (!sim.apps.has(m.appId) || !/^[A-Za-z0-9_-]{1,64}$/.test(m.openId ?? '') || !m.text)
      json(res, 400, { error: 'appId, openId and text are required' });
    else json(res, 200, await sim.text(m.appId, m.openId, m.text));
  } else return false;
  return true;
}

/**
 * The simulator as a development tool:
 *
 *   npx tsx server/features/wechat-channel/test/wechat-sim-dev.ts --port 4010 \
 *     --app '<appId>,<appSecret>,<token>,<encodingAesKey>,<secure|compatible|plaintext>,<callback URL>'
 *
 * (`--app` may repeat.) Then start Kefu with `WECHAT_API_BASE=http://127.0.0.1:4010` and
 * `OUTBOUND_ALLOW_PRIVATE=true`, set the same values on the WeChat inbox (Settings → Inboxes), and
 * chat as a WeChat user at http://127.0.0.1:4010/.
 */
import { parseArgs } from 'node:util';
import { startWechatSim } from './wechat-sim.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4010' }, app: { type: 'string', multiple: true } },
});
const sim = await startWechatSim({ port: Number(values.port) });
for (const spec of values.app ?? []) {
  const [appId, appSecret, token, encodingAesKey, mode, callbackUrl] = spec.split(',');
  if (!callbackUrl || !['secure', 'compatible', 'plaintext'].includes(mode))
    throw new Error(`--app wants appId,appSecret,token,encodingAesKey,mode,callbackUrl: ${spec}`);
  sim.addApp({ appId, appSecret, token, encodingAesKey, mode: mode as 'secure', callbackUrl });
}
process.stdout.write(
  `WeChat simulator on ${sim.url} (apps: ${[...sim.apps.keys()].join(', ') || 'none'})\n` +
    `  Kefu: WECHAT_API_BASE=${sim.url} OUTBOUND_ALLOW_PRIVATE=true\n  chat: ${sim.url}/\n`,
);

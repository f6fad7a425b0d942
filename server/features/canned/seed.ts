/** Demo canned responses, each written in Chinese and in English (the customer gets one of them). */
import { execute } from '../../core/commands/context.ts';
import type { DemoContext } from '../../core/kit/feature.ts';
import type { CommandDeps } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { createCannedResponse } from './commands/canned.ts';

export const DEMO_CANNED: Array<{ shortCode: string; texts: { 'zh-CN': string; en: string } }> = [
  {
    shortCode: 'hello',
    texts: {
      'zh-CN': '您好，我是客服{{agent.name}}，很高兴为您服务！',
      en: 'Hi, this is {{agent.name}}, happy to help!',
    },
  },
  {
    shortCode: 'order',
    texts: {
      'zh-CN': '请提供您的订单号，我马上为您查询。',
      en: 'Could you share your order number? I will look it up right away.',
    },
  },
  {
    shortCode: 'thanks',
    texts: {
      'zh-CN': '感谢您的耐心等待，还有其他可以帮您的吗？',
      en: 'Thanks for your patience — anything else I can help with?',
    },
  },
];

export async function seedCannedDemo(deps: CommandDeps, demo: DemoContext): Promise<void> {
  for (const c of DEMO_CANNED)
    await execute(deps, systemActor(demo.accountId), createCannedResponse, c);
}

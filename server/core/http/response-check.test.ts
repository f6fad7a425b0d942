/**
 * The response check of route.ts (config.checkResponses, on under NODE_ENV=test): a JSON answer that
 * does not match the route's response schema, a body from a 204 route or nothing from a route with a
 * schema becomes a 500 naming the route; off (production), answers go out unchecked.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { installErrorHandling } from './errors.ts';
import { defineRoute, mount } from './route.ts';

const routes = [
  defineRoute({
    method: 'GET',
    url: '/t/good',
    auth: 'none',
    summary: 'matches',
    tags: ['t'],
    response: z.object({ n: z.number() }),
    handler: async () => ({ n: 1 }),
  }),
  defineRoute({
    method: 'GET',
    url: '/t/bad',
    auth: 'none',
    summary: 'a string where a number is declared',
    tags: ['t'],
    response: z.object({ n: z.number() }),
    handler: async () => ({ n: 'one' }),
  }),
  defineRoute({
    method: 'GET',
    url: '/t/sent',
    auth: 'none',
    summary: 'the handler sends itself (idempotent replay)',
    tags: ['t'],
    status: 201,
    response: z.object({ n: z.number() }),
    handler: async ({ reply }) => reply.code(200).send({ n: null }),
  }),
  defineRoute({
    method: 'GET',
    url: '/t/nothing',
    auth: 'none',
    summary: 'declares a body, answers none',
    tags: ['t'],
    response: z.object({ n: z.number() }),
    handler: async () => undefined,
  }),
  defineRoute({
    method: 'GET',
    url: '/t/empty',
    auth: 'none',
    summary: 'declares 204, answers a body',
    tags: ['t'],
    status: 204,
    handler: async () => ({ n: 1 }),
  }),
  defineRoute({
    method: 'GET',
    url: '/t/error',
    auth: 'none',
    summary: 'errors are not checked against the success schema',
    tags: ['t'],
    response: z.object({ n: z.number() }),
    handler: async () => {
      throw Object.assign(new Error('nope'), { statusCode: 404 });
    },
  }),
];

async function app(checkResponses: boolean) {
  const a = Fastify();
  installErrorHandling(a);
  mount(a, { config: { checkResponses } } as unknown as Services, routes);
  await a.ready();
  return a;
}

describe('response check', () => {
  afterEach(() => vi.restoreAllMocks());

  it('on: a mismatch is a 500 that names the route and what is wrong', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const a = await app(true);
    expect((await a.inject('/t/good')).json()).toEqual({ n: 1 });
    for (const [url, words] of [
      ['/t/bad', /GET \/t\/bad .*does not match.*"path":"n"/],
      ['/t/sent', /GET \/t\/sent .*does not match/],
      ['/t/nothing', /GET \/t\/nothing .*answered nothing/],
      ['/t/empty', /GET \/t\/empty .*declares 204/],
    ] as const) {
      const r = await a.inject(url);
      expect(r.statusCode, url).toBe(500);
      expect(r.json().error.code).toBe('internal_error');
      expect(r.json().error.message).toMatch(words);
    }
    expect(stderr).toHaveBeenCalledTimes(4);
    expect((await a.inject('/t/error')).statusCode).toBe(404);
    await a.close();
  });

  it('off: answers go out as the handler made them', async () => {
    const a = await app(false);
    expect((await a.inject('/t/bad')).json()).toEqual({ n: 'one' });
    expect((await a.inject('/t/sent')).statusCode).toBe(200);
    expect((await a.inject('/t/nothing')).statusCode).toBe(204);
    await a.close();
  });
});

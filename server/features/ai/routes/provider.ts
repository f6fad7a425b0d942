/** LLM provider settings (admins; the API key is stored encrypted and never returned). */
import { execute } from '../../../core/commands/context.ts';
import { badInput } from '../../../core/errors.ts';
import { blockedLiteralHost } from '../../../core/infra/outbound.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import { removeAiProvider, setAiProvider } from '../commands/provider.ts';
import { ProviderBody } from '../domain/provider.ts';
import { presentProvider } from '../store/provider.ts';
import { aiResponses } from '../responses.ts';

export const providerRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/ai/provider',
    auth: 'user',
    summary: 'LLM provider settings (never the API key)',
    tags: ['ai'],
    response: aiResponses.Provider,
    handler: async ({ actor, services }) => {
      authorize(actor, 'account.manage');
      return presentProvider(services, actor.accountId);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/ai/provider',
    auth: 'user',
    summary: 'Configure an OpenAI-compatible LLM provider',
    tags: ['ai'],
    response: aiResponses.Provider,
    body: ProviderBody,
    handler: async ({ actor, body, services }) => {
      // The SSRF guard also refuses names that resolve to such addresses, at every request.
      if (blockedLiteralHost(new URL(body.baseUrl), services.config.allowPrivateOutbound))
        throw badInput(
          'invalid_request',
          'The base URL points to a private or local address. An on-premise model server needs OUTBOUND_ALLOW_PRIVATE=true.',
          [{ path: 'baseUrl', message: 'private or local address' }],
        );
      await execute(services, actor, setAiProvider, { ...body, secret: services.secret });
      return presentProvider(services, actor.accountId);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/ai/provider',
    auth: 'user',
    summary: 'Remove the LLM provider (back to offline AI only)',
    tags: ['ai'],
    status: 204,
    handler: async ({ actor, services }) => {
      await execute(services, actor, removeAiProvider, undefined);
    },
  }),
];

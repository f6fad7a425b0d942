/**
 * Supervisor overview: every live (open/pending) conversation with who has it, how long the
 * customer has waited and the latest detected emotion; every agent with availability, load and
 * last activity. Supervisors and above only.
 */
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import { agentStatus, inboxesOf, liveConversations, teamsOf } from '../store/supervisor.ts';
import { consoleResponses } from '../responses.ts';

export const supervisorRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/supervisor/overview',
    auth: 'user',
    summary: "Live conversations and agents' status and load (supervisor+)",
    tags: ['supervisor'],
    response: consoleResponses.Overview,
    handler: async ({ actor, services }) => {
      authorize(actor, 'supervise');
      const db = services.database.db;
      const now = services.clock.now();
      const [live, agents, inboxes, teams] = await Promise.all([
        liveConversations(db, actor.accountId, now),
        agentStatus(db, actor.accountId),
        inboxesOf(db, actor.accountId),
        teamsOf(db, actor.accountId),
      ]);
      return {
        generatedAt: new Date(now).toISOString(),
        conversations: live.data,
        truncated: live.truncated,
        agents,
        inboxes: inboxes.map((i) => ({ id: i.id, name: i.name, channelType: i.channel_type })),
        teams,
      };
    },
  }),
];

import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import { execute } from '../../core/commands/context.ts';
import type { Feature } from '../../core/kit/feature.ts';
import { addFirstSignIn } from '../../core/kit/first-sign-in.ts';
import { createSavedFilter } from './commands/saved-filters.ts';
import { activatePending } from './commands/users.ts';
import { contactTimelineRoutes } from './routes/contact-timeline.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { profileRoutes } from './routes/profile.ts';
import { savedFilterRoutes } from './routes/saved-filters.ts';
import { supervisorRoutes } from './routes/supervisor.ts';
import { userRoutes } from './routes/users.ts';
import * as m050 from './migrations/050-console.ts';
import * as m051 from './migrations/051-console-drop-emotions.ts';
import * as m052 from './migrations/052-console-pending-users.ts';

// A sign-in for an address without a user may activate a pending user (routes/users.ts).
addFirstSignIn(activatePending);

/** Console back-end: admin settings, supervisor overview, contact timeline, saved filters, invitations. */
export const consoleAdminFeature: Feature = {
  name: 'console-admin',
  migrations: {
    '050-console': m050,
    '051-console-drop-emotions': m051,
    '052-console-pending-users': m052,
  },
  routes: [
    ...savedFilterRoutes,
    ...invitationRoutes,
    ...userRoutes,
    ...supervisorRoutes,
    ...contactTimelineRoutes,
    ...profileRoutes,
  ],
  async seedDemo(deps, demo) {
    const [owner, li] = demo.userIds;
    const as = (userId: string) => ({
      kind: 'user' as const,
      userId,
      accountId: demo.accountId,
      role: 'agent' as const,
    });
    await execute(deps, as(owner), createSavedFilter, {
      name: '网页待分配 Unassigned web chats',
      filter: { status: 'open', assignee: 'none', inbox: demo.inboxId },
    });
    await execute(deps, as(li), createSavedFilter, {
      name: '账单团队 Billing team',
      filter: { status: 'open,pending', team: demo.teamIds.billing },
    });
  },
};

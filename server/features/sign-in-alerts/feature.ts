/**
 * Sign-in alerts: the per-account sign-in lock (core/http/routes/auth.ts) told to people — live to
 * the account's owners and admins, and once to the user at their next successful sign-in (locks.ts).
 */
import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import type { Feature } from '../../core/kit/feature.ts';
import { addSignInLockListener, addSignInNoticeSource } from '../../core/kit/sign-in-lock.ts';
import { recordSignInLock, takeLockNotices } from './locks.ts';
import * as m100 from './migrations/100-sign-in-alerts.ts';

addSignInLockListener(recordSignInLock);
addSignInNoticeSource(takeLockNotices);

export const signInAlertsFeature: Feature = {
  name: 'sign-in-alerts',
  migrations: { '100-sign-in-alerts': m100 },
};

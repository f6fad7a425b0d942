/**
 * Which requests the audit log records, and under which readable action. Recorded: every mutating
 * API request (POST/PUT/PATCH/DELETE under /api/v1/) and every GET export, except the high-volume
 * conversation work listed as `null` below (already in each conversation's own history) and pure
 * computations. A route without an entry is recorded as `METHOD /route/pattern`.
 */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const ACTIONS: Readonly<Record<string, string | null>> = {
  'POST /api/v1/auth/login': 'auth.login', // a failure: auth.login_failed; a 2FA challenge: auth.login_challenge
  'POST /api/v1/auth/login/2fa': 'auth.login_2fa', // a failure: auth.login_2fa_failed
  'POST /api/v1/auth/logout': 'auth.logout',
  'POST /api/v1/auth/logout-all': 'auth.logout_all',
  'POST /api/v1/me/password': 'auth.password_change',
  'PATCH /api/v1/me': 'profile.update',
  'POST /api/v1/me/avatar': 'profile.avatar_set',
  'DELETE /api/v1/me/avatar': 'profile.avatar_remove',
  'POST /api/v1/me/2fa/setup': 'two_factor.setup',
  'POST /api/v1/me/2fa/enable': 'two_factor.enable',
  'POST /api/v1/me/2fa/disable': 'two_factor.disable',
  'POST /api/v1/me/2fa/recovery-codes': 'two_factor.recovery_codes',
  'DELETE /api/v1/users/:id/2fa': 'two_factor.reset',
  'POST /api/v1/me/tokens': 'token.create',
  'DELETE /api/v1/me/tokens/:id': 'token.revoke',
  'PATCH /api/v1/account': 'settings.update',
  'PUT /api/v1/account/security': 'settings.security_update',
  'PUT /api/v1/account/presence': 'settings.presence_update',
  'POST /api/v1/users': 'user.create',
  'PATCH /api/v1/users/:id': 'user.update',
  'POST /api/v1/invitations': 'invitation.create',
  'DELETE /api/v1/invitations/:id': 'invitation.revoke',
  'POST /api/v1/invitations/accept': 'invitation.accept',
  'POST /api/v1/teams': 'team.create',
  'PUT /api/v1/teams/:id/members': 'team.members_update',
  'POST /api/v1/inboxes': 'inbox.create',
  'PATCH /api/v1/inboxes/:id': 'inbox.update',
  'POST /api/v1/labels': 'label.create',
  'DELETE /api/v1/labels/:id': 'label.delete',
  'POST /api/v1/canned-responses': 'canned.create',
  'PATCH /api/v1/canned-responses/:id': 'canned.update',
  'DELETE /api/v1/canned-responses/:id': 'canned.delete',
  'POST /api/v1/contacts': 'contact.create',
  'PATCH /api/v1/contacts/:id': 'contact.update',
  'POST /api/v1/contacts/:id/merge': 'contact.merge',
  'POST /api/v1/dead-jobs/:id/retry': 'job.retry',
  'DELETE /api/v1/dead-jobs/:id': 'job.discard',
  'PUT /api/v1/ai/provider': 'ai_provider.update',
  'DELETE /api/v1/ai/provider': 'ai_provider.delete',
  'POST /api/v1/automation/rules': 'rule.create',
  'PATCH /api/v1/automation/rules/:id': 'rule.update',
  'DELETE /api/v1/automation/rules/:id': 'rule.delete',
  'POST /api/v1/macros': 'macro.create',
  'DELETE /api/v1/macros/:id': 'macro.delete',
  'POST /api/v1/sla-policies': 'sla_policy.create',
  'DELETE /api/v1/sla-policies/:id': 'sla_policy.delete',
  'PUT /api/v1/routing/settings': 'routing_settings.update',
  'PUT /api/v1/routing/settings/:scope/:id': 'routing_settings.update',
  'PUT /api/v1/routing/agents/:id': 'routing_agent.update',
  'POST /api/v1/routing/queue/:id/assign': 'routing_queue.assign',
  'POST /api/v1/routing/queue/:id/pin': 'routing_queue.pin',
  'POST /api/v1/routing/alerts/:id/join': 'routing_alert.join',
  'POST /api/v1/routing/alerts/:id/take-over': 'routing_alert.take_over',
  'POST /api/v1/saved-filters': 'saved_filter.create',
  'PATCH /api/v1/saved-filters/:id': 'saved_filter.update',
  'DELETE /api/v1/saved-filters/:id': 'saved_filter.delete',
  'POST /api/v1/kb/articles': 'kb_article.create',
  'PATCH /api/v1/kb/articles/:id': 'kb_article.update',
  'DELETE /api/v1/kb/articles/:id': 'kb_article.delete',
  'POST /api/v1/kb/articles/:id/publish': 'kb_article.publish',
  'POST /api/v1/kb/articles/:id/unpublish': 'kb_article.unpublish',
  'POST /api/v1/kb/articles/:id/archive': 'kb_article.archive',
  'POST /api/v1/kb/articles/:id/translations': 'kb_article.translate',
  'POST /api/v1/kb/articles/:id/versions/:version/restore': 'kb_article.restore',
  'POST /api/v1/kb/categories': 'kb_category.create',
  'PATCH /api/v1/kb/categories/:id': 'kb_category.update',
  'DELETE /api/v1/kb/categories/:id': 'kb_category.delete',
  'POST /api/v1/kb/files': 'kb_file.upload',
  'POST /api/v1/kb/gaps/:id/draft': 'kb_gap.draft',
  'POST /api/v1/kb/gaps/:id/status': 'kb_gap.status',
  'POST /api/v1/kb/import': 'kb.import',
  'GET /api/v1/kb/export': 'kb.export',
  'GET /api/v1/audit/export': 'audit.export',
  // Not recorded: conversation work (its own history has it), presence, uploads, pure computations.
  'PATCH /api/v1/conversations/:id': null,
  'POST /api/v1/conversations/:id/assignment': null,
  'PUT /api/v1/conversations/:id/labels': null,
  'POST /api/v1/conversations/:id/messages': null,
  'POST /api/v1/conversations/:id/read': null,
  'POST /api/v1/conversations/:id/unread': null,
  'POST /api/v1/macros/:id/run': null,
  'POST /api/v1/attachments': null,
  'POST /api/v1/routing/heartbeat': null,
  'POST /api/v1/automation/events': null,
  'POST /api/v1/automation/rules/dry-run': null,
  'POST /api/v1/canned-responses/render': null,
  'POST /api/v1/ai/rewrite': null,
  'POST /api/v1/ai/translate': null,
};

/** The sign-in steps (no signed-in actor yet): filed under the account of the user they are for. */
export const LOGIN_ROUTE = '/api/v1/auth/login';
export const SECOND_FACTOR_ROUTE = '/api/v1/auth/login/2fa';

/** A GET that hands data out of the system (a file export): recorded like a change. */
export const isExport = (route: string) => /\/export(\/|$)/.test(route);

/** The SSO feature's callback: a GET that signs someone in (recorded when it did). */
export const SSO_CALLBACK_ROUTE = '/api/v1/sso/callback';

/** The action a request is recorded under, or null when it is not recorded. */
export function actionFor(method: string, route: string | undefined): string | null {
  if (!route?.startsWith('/api/v1/')) return null;
  if (method === 'GET' && route === SSO_CALLBACK_ROUTE) return 'auth.login_sso';
  if (!MUTATING.has(method) && !(method === 'GET' && isExport(route))) return null;
  const key = `${method} ${route}`;
  const known = ACTIONS[key];
  return known === undefined ? key : known;
}

const TARGET_OF: Record<string, string> = {
  auth: 'user',
  profile: 'user',
  two_factor: 'user',
  settings: 'account',
};

/** The kind of thing acted on: the action's noun (`user` of `user.update`); null for fallbacks. */
export function targetTypeOf(action: string): string | null {
  if (action.includes(' ')) return null;
  const noun = action.split('.')[0];
  return TARGET_OF[noun] ?? noun;
}

/** Which requests are recorded and as what. */
import { describe, expect, it } from 'vitest';
import { actionFor, targetTypeOf } from './actions.ts';

describe('actionFor', () => {
  it.each([
    ['POST', '/api/v1/auth/login', 'auth.login'],
    ['PATCH', '/api/v1/users/:id', 'user.update'],
    ['POST', '/api/v1/me/tokens', 'token.create'],
    ['DELETE', '/api/v1/me/tokens/:id', 'token.revoke'],
    ['PATCH', '/api/v1/automation/rules/:id', 'rule.update'],
    ['GET', '/api/v1/kb/export', 'kb.export'],
    ['GET', '/api/v1/audit/export', 'audit.export'],
    ['POST', '/api/v1/auth/login/2fa', 'auth.login_2fa'],
    ['DELETE', '/api/v1/users/:id/2fa', 'two_factor.reset'],
    ['PUT', '/api/v1/account/security', 'settings.security_update'],
    ['PUT', '/api/v1/new-feature/:id/things', 'PUT /api/v1/new-feature/:id/things'],
    ['GET', '/api/v1/reports/export', 'GET /api/v1/reports/export'],
  ])('%s %s → %s', (method, route, action) => {
    expect(actionFor(method, route)).toBe(action);
  });

  it.each([
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/audit'],
    ['HEAD', '/api/v1/kb/export'],
    ['POST', '/widget/v1/messages'],
    ['POST', '/api/v1/conversations/:id/messages'],
    ['POST', '/api/v1/routing/heartbeat'],
    ['POST', undefined],
  ])('%s %s is not recorded', (method, route) => {
    expect(actionFor(method, route)).toBeNull();
  });

  it('names the target after the action', () => {
    expect(targetTypeOf('user.update')).toBe('user');
    expect(targetTypeOf('auth.login_failed')).toBe('user');
    expect(targetTypeOf('settings.update')).toBe('account');
    expect(targetTypeOf('two_factor.reset')).toBe('user');
    expect(targetTypeOf('PUT /api/v1/x')).toBeNull();
  });
});

/** The readable reasons of failed deliveries: every code the delivery worker records has its own text. */
import { describe, expect, it } from 'vitest';
import { catalogue } from './strings.ts';
import { errorKey } from './types.ts';

describe('delivery error reasons', () => {
  it('maps each recorded code to a string in both languages', () => {
    expect(errorKey('http_500')).toEqual({ key: 'apiChannel.err.http', vars: { status: '500' } });
    for (const code of [
      'timeout',
      'connection_failed',
      'blocked_address',
      'redirect_not_followed',
      'webhook_not_configured',
      'secret_unreadable',
      'something_new',
      null,
    ]) {
      const { key } = errorKey(code);
      expect(catalogue['zh-CN'][key]).toBeTruthy();
      expect(catalogue.en[key]).toBeTruthy();
    }
    expect(errorKey('something_new').key).toBe('apiChannel.err.unknown');
  });
});

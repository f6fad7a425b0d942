import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to an embedded SQLite file under ./data', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'sqlite', file: './data/kefu.db' });
    expect(c.PORT).toBe(3000);
    expect([...c.roles].sort()).toEqual(['realtime', 'web', 'worker']);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'http://x',
        LOG_LEVEL: 'loud',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL'])
        expect(problems).toContain(key);
    }
  });

  it('turns the SQL profile on only when asked, with an optional window of seconds', () => {
    expect(loadConfig({}).sqlProfile).toBeNull();
    expect(loadConfig({ SQL_PROFILE: '/tmp/sql', SQL_PROFILE_WINDOW: '6-10' }).sqlProfile).toEqual({
      file: '/tmp/sql',
      window: [6, 10],
    });
    expect(() => loadConfig({ SQL_PROFILE: '/tmp/sql', SQL_PROFILE_WINDOW: 'soon' })).toThrowError(
      /SQL_PROFILE_WINDOW/,
    );
  });

  it('requires SECRET_KEY in production and rejects unknown roles', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ROLES: 'web,cook' })).toThrowError(
      /SECRET_KEY[\s\S]*cook|cook[\s\S]*SECRET_KEY/,
    );
  });
});

/**
 * A real IMAP server for the tests: Debian's dovecot (`dovecot-imapd`), started in the foreground
 * (`dovecot -F -c <config>`) from a config written to a temp dir — passwd-file auth with a plain
 * password, maildir under the temp dir, 127.0.0.1 on a free port, no TLS, IMAP only, logs, state and
 * base_dir in the temp dir. It runs as the current user; as root (dovecot refuses root for its
 * login and mail processes) its processes run as Debian's `dovenull` and `dovecot` users.
 *
 * `kill()` SIGKILLs dovecot's whole process group (master, login and every imap process), so open
 * connections drop as they would when the server dies; `start()` brings it back on the same port
 * with the same mail. Mail is put in with IMAP APPEND by the tests (imapflow).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../test/spawn-server.ts';
import { until } from '../../../../test/wait.ts';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const HAS_DOVECOT = spawnSync(DOVECOT_BIN, ['--version']).status === 0;

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The temp dir (config, passwd, mail, logs). */
  dir: string;
  /** The log so far (for failure messages). */
  log(): string;
  /** Starts it again (after stop or kill): same port, same mail. */
  start(): Promise<void>;
  /** SIGKILL to every dovecot process: connections drop without a goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit; removes the temp dir when `remove`. */
  stop(opts?: { remove?: boolean }): Promise<void>;
}

const idOf = (flag: '-u' | '-g' | '-un' | '-gn', user?: string) =>
  spawnSync('id', [flag, ...(user ? [user] : [])])
    .stdout.toString()
    .trim();

/** Who dovecot's processes run as: the current user, or Debian's service users under root. */
function runAs() {
  if (process.getuid?.() !== 0) {
    const me = userInfo().username;
    return {
      login: me,
      internal: me,
      group: idOf('-gn'),
      uid: idOf('-u'),
      gid: idOf('-g'),
    };
  }
  return {
    login: 'dovenull',
    internal: 'dovecot',
    group: idOf('-gn', 'dovecot'),
    uid: idOf('-u', 'dovecot'),
    gid: idOf('-g', 'dovecot'),
  };
}

function config(dir: string, port: number, who: ReturnType<typeof runAs>): string {
  return `# written by server/features/email-channel/imap/test/dovecot.ts
instance_name = kefu-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
default_internal_user = ${who.internal}
default_internal_group = ${who.group}
default_login_user = ${who.login}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
mailbox_idle_check_interval = 1 secs
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

/** Whether an IMAP greeting comes from the port. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(2_000, () => done(false));
    s.on('error', () => done(false));
    s.on('data', (d) => done(d.toString().startsWith('* OK')));
  });
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-dovecot-'));
  chmodSync(dir, 0o755); // the mail and login users traverse it
  const port = await freePort();
  const who = runAs();
  const user = 'support';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  chownSync(join(dir, 'mail'), Number(who.uid), Number(who.gid));
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  writeFileSync(join(dir, 'dovecot.conf'), config(dir, port, who));
  const logFile = join(dir, 'dovecot.log');
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child) throw new Error('dovecot is running');
    const c = spawn(DOVECOT_BIN, ['-F', '-c', join(dir, 'dovecot.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: kill() reaches the login and imap processes too
    });
    let stderr = '';
    c.stderr?.on('data', (d) => {
      stderr += d;
    });
    child = c;
    exited = new Promise((r) => c.once('exit', () => r()));
    let gone = false;
    void exited.then(() => {
      gone = true;
      if (child === c) child = null;
    });
    await until(() => (gone ? true : greets(port)), Boolean, {
      timeoutMs: 30_000,
      pollMs: 50,
      what: `dovecot on 127.0.0.1:${port}`,
    });
    if (gone) throw new Error(`dovecot exited at start: ${stderr}\n${log()}`);
  };

  const signalGroup = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c?.pid) return;
    try {
      process.kill(-c.pid, signal);
    } catch {
      // already gone
    }
    await exited;
    // The login and imap processes die with the group; the port stops answering once they are gone.
    await until(async () => !(await greets(port)), Boolean, {
      timeoutMs: 10_000,
      what: 'dovecot gone from its port',
    });
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    dir,
    log,
    start,
    kill: () => signalGroup('SIGKILL'),
    async stop(opts = {}) {
      await signalGroup('SIGTERM');
      if (opts.remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}

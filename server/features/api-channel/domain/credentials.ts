/**
 * The inbox token (the app's credential for one API inbox) and the webhook secret: generated here,
 * shown once. The token is stored as its SHA-256 and checked in constant time; the secret must be
 * usable to sign, so it is stored sealed (core/lib/secret-box.ts).
 */
import { safeEqual, sha256 } from '../../../core/lib/crypto.ts';
import { randomToken } from '../../../core/lib/ids.ts';
import { open, seal } from '../../../core/lib/secret-box.ts';

export const INBOX_TOKEN_PREFIX = 'kefu_inbox_';
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_PURPOSE = 'api-channel-webhook';
/** Compared against when an inbox has no token, so both paths hash and compare. */
const NO_TOKEN = sha256('no inbox token set');

export const newInboxToken = () => `${INBOX_TOKEN_PREFIX}${randomToken(32)}`;
export const newWebhookSecret = () => `${WEBHOOK_SECRET_PREFIX}${randomToken(32)}`;
export const hashToken = (token: string) => sha256(token);
export const hintOf = (token: string) => token.slice(-4);

/** Whether `presented` is the token whose hash is stored (constant time). */
export function tokenMatches(presented: string, storedHash: string | null | undefined): boolean {
  const ok = safeEqual(sha256(presented), storedHash ?? NO_TOKEN);
  return ok && !!storedHash;
}

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string | null;
}

/** Seals webhook secrets under the server secret (SECRET_KEY), for this purpose only. */
export function webhookSecretBox(serverSecret: string): SecretBox {
  return {
    seal: (plain) => seal(serverSecret, SECRET_PURPOSE, plain),
    open: (sealed) => open(serverSecret, SECRET_PURPOSE, sealed),
  };
}

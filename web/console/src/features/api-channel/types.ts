/** The API channel's answers as the console reads them (server/features/api-channel/schemas.ts). */
export interface ApiSettings {
  inboxId: string;
  token: { set: boolean; hint: string | null; rotatedAt: string | null };
  webhook: {
    url: string;
    secretRotatedAt: string | null;
    previousSecretUntil: string | null;
  } | null;
  deliveries: { pending: number; dead: number };
}

export interface Delivery {
  id: string;
  type: string;
  status: 'pending' | 'delivered' | 'dead';
  conversationId: string | null;
  messageId: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The readable reason of a failed attempt (`last_error` codes of the delivery worker). */
export function errorKey(code: string | null): { key: string; vars?: Record<string, string> } {
  const http = code ? /^http_(\d{3})$/.exec(code) : null;
  if (http) return { key: 'apiChannel.err.http', vars: { status: http[1] } };
  const known = [
    'timeout',
    'connection_failed',
    'blocked_address',
    'redirect_not_followed',
    'webhook_not_configured',
    'secret_unreadable',
  ];
  return {
    key: code && known.includes(code) ? `apiChannel.err.${code}` : 'apiChannel.err.unknown',
  };
}

/** The settings of a WeChat inbox as admins write them, and how its secrets are sealed at rest. */
import { z } from 'zod';
import { open, seal } from '../../../core/lib/secret-box.ts';

const PURPOSE = 'wechat-channel';

export const APP_KINDS = ['official_account', 'mini_program'] as const;
export const MODES = ['plaintext', 'compatible', 'secure'] as const;

/** PUT body: secrets left out keep their stored value (the first PUT must give token and secret). */
export const SettingsBody = z.strictObject({
  appId: z.string().regex(/^wx[0-9a-f]{16}$/, 'wx followed by 16 hex digits'),
  appKind: z.enum(APP_KINDS).default('official_account'),
  mode: z.enum(MODES).default('secure'),
  token: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, '3 to 32 letters or digits')
    .optional(),
  encodingAesKey: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits')
    .optional(),
  appSecret: z.string().min(16).max(128).optional(),
  fetchUserInfo: z.boolean().default(true),
});
export type SettingsInput = z.infer<typeof SettingsBody>;

/** What admins read back: never a secret, only whether each is set. */
export const SettingsView = z.strictObject({
  inboxId: z.string(),
  appId: z.string(),
  appKind: z.enum(APP_KINDS),
  mode: z.enum(MODES),
  fetchUserInfo: z.boolean(),
  tokenSet: z.boolean(),
  encodingAesKeySet: z.boolean(),
  appSecretSet: z.boolean(),
  /** The path to enter as the server URL on the platform (prefix it with the public origin). */
  callbackPath: z.string(),
  updatedAt: z.string(),
});

export const sealSecret = (secret: string, plain: string) => seal(secret, PURPOSE, plain);
export const openSecret = (secret: string, sealed: string) => open(secret, PURPOSE, sealed);

const INBOUND = 'wechat-inbound';
/** The raw callback document, sealed under its inbox (a row copied to another inbox never opens). */
export const sealRaw = (secret: string, inboxId: string, raw: string) =>
  seal(secret, `${INBOUND}:${inboxId}`, raw);
export const openRaw = (secret: string, inboxId: string, sealed: string) =>
  open(secret, `${INBOUND}:${inboxId}`, sealed);

const TOKEN = 'wechat-access-token';
export const sealToken = (secret: string, inboxId: string, token: string) =>
  seal(secret, `${TOKEN}:${inboxId}`, token);
export const openToken = (secret: string, inboxId: string, sealed: string) =>
  open(secret, `${TOKEN}:${inboxId}`, sealed);

export const callbackPath = (inboxId: string) => `/channels/wechat/${inboxId}/callback`;

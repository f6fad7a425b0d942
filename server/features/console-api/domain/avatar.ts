/** Avatars, pure: size and image types accepted, storage key, the URL we issue and its id. */
import { ID_PATTERN } from '../../../core/lib/ids.ts';

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const avatarKey = (accountId: string, avatarId: string) =>
  `${accountId}/avatars/${avatarId}`;
export const avatarUrl = (userId: string, avatarId: string) =>
  `/api/v1/users/${userId}/avatar?v=${avatarId}`;
/** The avatar id inside a stored avatar URL we issued, or null (external or no avatar). */
export function avatarIdOf(userId: string, url: string | null): string | null {
  const prefix = `/api/v1/users/${userId}/avatar?v=`;
  if (!url?.startsWith(prefix)) return null;
  const id = url.slice(prefix.length);
  return ID_PATTERN.test(id) ? id : null;
}

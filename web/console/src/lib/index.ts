/** Helpers for console pages and features (see ../extensions.ts for the contract). */
export { api, apiUpload, ApiError } from './api.ts';
export { t, useT, useLocale, addMessages, getLocale, setLocale, LOCALES, type Locale } from './i18n.ts';
export { realtime, useRealtime, useRealtimeStatus, type AgentEvent, type RealtimeStatus } from './realtime.ts';
export { formatTime, formatDateTime, formatDay, formatRelative, dayKey, getTimeZone } from './format.ts';
export { navigate, useRoute, linkHandler, BASE } from './router.ts';
export { useMe, getMe, hasRole, updateMe, type User, type Account, type Me } from './session.ts';
export type { ConversationDTO, MessageDTO, ContactDTO, AttachmentDTO } from './types.ts';

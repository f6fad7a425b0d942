/** Helpers for console pages and features (see ../extensions.ts for the contract). */
export { api, apiUpload, ApiError } from './api.ts';
export {
  t,
  useT,
  useLocale,
  addMessages,
  getLocale,
  setLocale,
  LOCALES,
  type Locale,
} from './i18n.ts';
export {
  realtime,
  useRealtime,
  useRealtimeStatus,
  type AgentEvent,
  type RealtimeStatus,
} from './realtime.ts';
export {
  formatTime,
  formatDateTime,
  formatDay,
  formatRelative,
  dayKey,
  getTimeZone,
} from './format.ts';
export { navigate, useRoute, linkHandler, BASE } from './router.ts';
export { useMe, getMe, hasRole, updateMe, type User, type Account, type Me } from './session.ts';
/** The server's JSON shapes, declared once in shared/ (server, console and widget import the same types). */
export type {
  ConversationDTO,
  ConversationRow,
  MessageDTO,
  ContactDTO,
  AttachmentDTO,
  InboxDTO,
  UserDTO,
} from '../../../../shared/dto.ts';
export type {
  AssistResponse,
  InboxAvailability,
  MessageKind,
  QueueStatus,
} from '../../../../shared/contracts.ts';
export type { ApiErrorCode, ErrorCode } from '../../../../shared/errors.ts';

/** JSON shapes sent over REST and sockets: declared once in shared/dto.ts (the clients import them from there). */
export type {
  AttachmentDTO,
  ContactDTO,
  ConversationDTO,
  ConversationRow,
  InboxDTO,
  MessageDTO,
  UserDTO,
  VisitorConversationDTO,
  VisitorConversationUpdate,
  WidgetPublicSettings,
} from '../../../shared/dto.ts';

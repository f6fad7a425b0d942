/**
 * Console extension registry — the contract other parts of the console code against.
 *
 * WHO PLUGS IN
 *   - web/console/src/pages/{settings,supervisor,contacts,profile}/index.ts  (console-B)
 *   - web/console/src/features/<name>/index.ts                                (knowledge base, routing, …)
 *   Each such index.ts is an `ExtensionModule`: it exports any of `entries`, `sidebar`,
 *   `conversationPanels`, `messages` (all optional). features/* is discovered automatically
 *   (import.meta.glob), so a new feature only creates its own folder; the four pages folders are
 *   imported explicitly (their stub files already exist: fill them in, never delete them).
 *   Keep index.ts SMALL and cheap: put the page components behind `load: () => import('./Page.tsx')`
 *   so they become lazy chunks and the first-load bundle stays small (goal ≤ 300 KB gzip).
 *
 * NAV ENTRIES  (`entries`)
 *   { id, path, label: { 'zh-CN', en }, icon?, minRole, load }
 *   The page is routed at /app/<path> and every sub-path (/app/<path>/…); read the rest of the path
 *   with `useRoute()` from ./lib/router.ts and move with `navigate('/settings/inboxes')` (paths are
 *   relative to /app). `icon` is a lucide-react icon component (`import { BookOpen } from
 *   'lucide-react'`) drawn before the label, hidden from screen readers. `minRole`: who sees it
 *   (agent < supervisor < admin; owners count as admins). The server still checks permissions.
 *
 * INBOX SIDEBAR SECTIONS  (`sidebar`)  — e.g. saved filters
 *   { id, minRole, order?, load } where the component gets `SidebarSectionProps`:
 *     current: the active InboxView; select(view): switch the inbox list to a view.
 *   An InboxView is `{ key, label, query }`; `query` holds GET /api/v1/conversations parameters
 *   (status, assignee ('me'|'none'|id), team, inbox, label, mode, q). Use a unique key such as
 *   `saved:<id>`. The inbox keeps the chosen sort and does the paging/virtualization itself.
 *
 * CONVERSATION PANELS  (`conversationPanels`)  — e.g. the contact panel
 *   { id, label, minRole, order?, load } rendered in the right column of the conversation view
 *   with `ConversationPanelProps` { conversationId, contactId }.
 *
 * INBOX SETTINGS SECTIONS  (`inboxSettings`)  — a channel's own settings
 *   { id, channelTypes, order?, load } rendered in Settings → Inboxes below the editor of the chosen
 *   inbox when its channelType is listed, with `InboxSettingsProps` { inbox: { id, name,
 *   channelType } }. The page is for admins; the server still checks permissions.
 *
 * MESSAGE BODIES  (`messageBodies`)  — a channel's own rendering of a message
 *   { id, matches(attributes), Component } — the conversation view renders the bubble of a message
 *   whose attributes match with `Component` ({ message: MessageDTO }) instead of its plain text
 *   (attachments still follow). Eager: keep it small (e.g. the email channel's mail header, quoted
 *   part and original-formatting viewer).
 *
 * DICTIONARIES  (`messages`)
 *   A `Catalogue` ({ 'zh-CN': {key: text}, en: {key: text} }, see shared/i18n.ts), kept in the
 *   feature's `strings.ts` (or `<name>.strings.ts`) as `export const catalogue = defineCatalogue(…)`
 *   so the suite checks it; a lazy page module adds it with `addMessages(catalogue)`. Use your own key
 *   prefix (`settings.`, `kb.` …).
 *
 * HELPERS  (import from './lib/index.ts')
 *   api / apiUpload / ApiError — fetch with the session cookie and CSRF header; JSON errors become
 *                                 ApiError { status, code, message, details }.
 *   t / useT / addMessages / getLocale / setLocale — i18n (zh-CN, en).
 *   useRealtime(handler) — every agent-socket `event` {id, type, payload} (deduplicated, resumed after
 *                          reconnect); useRealtimeStatus() — 'connecting'|'online'|'reconnecting'.
 *   realtime.on('typing' | 'conversation.viewers', fn) for raw socket signals.
 *   formatTime / formatDateTime / formatDay / formatRelative — dates in the user's time zone.
 *   useMe() — { user, account } of the logged-in agent; hasRole(user, minRole).
 */
import type { LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { MessageDTO } from '../../../shared/dto.ts';
import type { Catalogue } from '../../../shared/i18n.ts';
import * as contacts from './pages/contacts/index.ts';
import * as profile from './pages/profile/index.ts';
import * as settings from './pages/settings/index.ts';
import * as supervisor from './pages/supervisor/index.ts';

export type MinRole = 'agent' | 'supervisor' | 'admin';
export type Localized = { 'zh-CN': string; en: string };
type Lazy<P = object> = () => Promise<{ default: ComponentType<P> }>;

export interface NavEntry {
  id: string;
  /** Routed under /app/<path> (no leading slash), e.g. 'settings' or 'kb'. */
  path: string;
  label: Localized;
  /** Decoration before the label (the label is the link's accessible name). */
  icon?: LucideIcon;
  minRole: MinRole;
  load: Lazy;
}

/** GET /api/v1/conversations query parameters (besides sort/limit/cursor). */
export interface InboxQuery {
  status?: string;
  assignee?: string;
  team?: string;
  inbox?: string;
  label?: string;
  mode?: 'bot' | 'human';
  q?: string;
}
export interface InboxView {
  key: string;
  label: string;
  query: InboxQuery;
}
export interface SidebarSectionProps {
  current: InboxView;
  select: (view: InboxView) => void;
}
export interface SidebarSection {
  id: string;
  minRole: MinRole;
  order?: number;
  load: Lazy<SidebarSectionProps>;
}

export interface ConversationPanelProps {
  conversationId: string;
  contactId: string;
}
export interface ConversationPanel {
  id: string;
  label: Localized;
  minRole: MinRole;
  order?: number;
  load: Lazy<ConversationPanelProps>;
}

export interface InboxSettingsProps {
  inbox: { id: string; name: string; channelType: string };
}
export interface InboxSettingsSection {
  id: string;
  /** The inboxes it is shown for (`web_widget`, `api`, `email`, …). */
  channelTypes: string[];
  order?: number;
  load: Lazy<InboxSettingsProps>;
}

export interface MessageBodyProps {
  message: MessageDTO;
}
export interface MessageBody {
  id: string;
  matches: (attributes: Record<string, unknown>) => boolean;
  Component: ComponentType<MessageBodyProps>;
}

export interface ExtensionModule {
  entries?: NavEntry[];
  sidebar?: SidebarSection[];
  conversationPanels?: ConversationPanel[];
  inboxSettings?: InboxSettingsSection[];
  messageBodies?: MessageBody[];
  messages?: Catalogue;
}

const featureModules = import.meta.glob<ExtensionModule>('./features/*/index.ts', { eager: true });

export const extensionModules: ExtensionModule[] = [
  settings,
  supervisor,
  contacts,
  profile,
  ...Object.keys(featureModules)
    .sort()
    .map((k) => featureModules[k]),
] as ExtensionModule[];

const byOrder = <T extends { order?: number }>(a: T, b: T) => (a.order ?? 100) - (b.order ?? 100);

export const navEntries: NavEntry[] = extensionModules.flatMap((m) => m.entries ?? []);
export const sidebarSections: SidebarSection[] = extensionModules
  .flatMap((m) => m.sidebar ?? [])
  .sort(byOrder);
export const conversationPanels: ConversationPanel[] = extensionModules
  .flatMap((m) => m.conversationPanels ?? [])
  .sort(byOrder);
export const inboxSettingsSections: InboxSettingsSection[] = extensionModules
  .flatMap((m) => m.inboxSettings ?? [])
  .sort(byOrder);
export const messageBodies: MessageBody[] = extensionModules.flatMap((m) => m.messageBodies ?? []);

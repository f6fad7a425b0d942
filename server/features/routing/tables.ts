/** Tables owned by the routing feature (merged into DB in types.ts). */
export interface RoutingSettingsTable {
  account_id: string;
  scope: 'account' | 'inbox' | 'team';
  scope_id: string;
  settings: string;
  updated_at: number;
}
export interface RoutingAgentsTable {
  user_id: string;
  account_id: string;
  skills: string;
  languages: string;
  capacity: string;
  last_active_at: number | null;
  last_assigned_at: number;
  updated_at: number;
}
export interface RoutingLocksTable {
  account_id: string;
  version: number;
}
export interface RoutingQueueTable {
  conversation_id: string;
  account_id: string;
  inbox_id: string;
  contact_id: string;
  channel: string;
  reason: string;
  language: string | null;
  intent: string | null /** anger 0..100 */;
  anger: number;
  tier: string;
  previous_agent_id: string | null;
  enqueued_at: number;
  pinned_at: number | null;
}
export interface RoutingAssignmentsTable {
  id: string;
  account_id: string;
  conversation_id: string;
  agent_id: string;
  assigned_at: number;
  released_at: number | null;
}
export interface SlaPoliciesTable {
  id: string;
  account_id: string;
  name: string;
  inbox_id: string | null;
  priority: string | null;
  first_response_ms: number;
  next_response_ms: number | null;
  resolution_ms: number | null;
  warn_pct: number;
  business_hours: number;
  created_at: number;
  updated_at: number;
}
export interface SlaTimersTable {
  id: string;
  account_id: string;
  conversation_id: string;
  policy_id: string;
  kind: string;
  state: string;
  target_ms: number;
  started_at: number;
  due_at: number;
  warn_at: number;
  remaining_ms: number | null;
  warned_at: number | null;
  breached_at: number | null;
  met_at: number | null;
  updated_at: number;
}
export interface RoutingAlertsTable {
  id: string;
  account_id: string;
  conversation_id: string;
  kind: string;
  intensity: number;
  created_at: number;
  acknowledged_by: string | null;
  answered_at: number | null;
  response_ms: number | null;
}
export interface AutomationRulesTable {
  id: string;
  account_id: string;
  name: string;
  event: string;
  conditions: string;
  actions: string;
  position: number;
  stop_processing: number;
  enabled: number;
  created_at: number;
  updated_at: number;
  /** JSON: schedule / contact-event / page-view settings of the rule's event (041); null for domain events. */
  trigger?: string | null;
  next_run_at?: number | null;
  last_run_at?: number | null;
}
export interface AutomationContactEventsTable {
  id: string;
  account_id: string;
  contact_id: string;
  name: string;
  attributes: string;
  occurred_at: number;
  idempotency_key: string;
  created_at: number;
}
/** A contact-event rule's delayed firing: pending → done | skipped | error (claimed with a conditional update). */
export interface AutomationJobsTable {
  id: string;
  account_id: string;
  rule_id: string;
  source_id: string;
  contact_id: string;
  due_at: number;
  state: string;
  conversation_id: string | null;
  fired_at: number | null;
  created_at: number;
}
export interface AutomationCooldownsTable {
  rule_id: string;
  subject: string;
  account_id: string;
  fired_at: number;
}
export interface AutomationAuditTable {
  id: string;
  account_id: string;
  rule_id: string;
  conversation_id: string | null;
  event_type: string;
  event_id: number | null;
  outcome: string;
  detail: string;
  created_at: number;
}
export interface MacrosTable {
  id: string;
  account_id: string;
  name: string;
  actions: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface RoutingTables {
  routing_settings: RoutingSettingsTable;
  routing_agents: RoutingAgentsTable;
  routing_locks: RoutingLocksTable;
  routing_queue: RoutingQueueTable;
  routing_assignments: RoutingAssignmentsTable;
  sla_policies: SlaPoliciesTable;
  sla_timers: SlaTimersTable;
  routing_alerts: RoutingAlertsTable;
  automation_rules: AutomationRulesTable;
  automation_audit: AutomationAuditTable;
  macros: MacrosTable;
  automation_contact_events: AutomationContactEventsTable;
  automation_jobs: AutomationJobsTable;
  automation_cooldowns: AutomationCooldownsTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends RoutingTables {}
}

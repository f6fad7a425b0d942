/**
 * A feature plugs into the core through this one interface: its tables (migrations + types live in
 * its own files), API routes, non-API HTTP (static assets, server-rendered pages), event processors,
 * background timers and demo data. The composition root (main.ts) and seed-demo wire every feature
 * listed in ./index.ts; features never edit each other's files.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodType } from 'zod';
import type { CommandDeps } from '../commands/context.ts';
import type { Migrations } from '../db/migrate.ts';
import type { Processor } from '../events/dispatcher.ts';
import type { RouteSpec } from '../http/route.ts';
import type { Socket } from 'socket.io';
import type { Actor } from '../policies/actor.ts';
import type { Gateway } from '../realtime/gateway.ts';
import type { Services } from '../services.ts';

export interface FeatureContext {
  services: Services;
  gateway: Gateway;
}

export interface DemoContext {
  accountId: string;
  inboxId: string;
  inboxToken: string;
  /** [owner, agent Li Na, agent Sam] */
  userIds: string[];
  teamIds: Record<'billing' | 'support', string>;
}

export interface Feature {
  name: string;
  /** The feature's tables: migrations in its own `migrations/` folder, named in the feature's range. */
  migrations?: Migrations;
  /** REST routes, mounted with the core's auth, validation, rate limits and OpenAPI. */
  routes?: RouteSpec<ZodType, ZodType, ZodType>[];
  /** Non-API HTTP: static bundles, server-rendered pages. Called once while the app is built. */
  http?(app: FastifyInstance, services: Services): void | Promise<void>;
  /** Handlers of a connected `/visitor` socket (a channel feature's live protocol). */
  visitorSocket?(
    socket: Socket,
    actor: Extract<Actor, { kind: 'contact' }>,
    services: Services,
    gateway: Gateway,
  ): void;
  /** Event processors, registered with the dispatcher after the gateway exists. */
  processors?(ctx: FeatureContext): Processor[];
  /** Background work (timers); returns a stop function awaited on shutdown. */
  start?(ctx: FeatureContext): (() => Promise<void> | void) | void;
  /** Extra demo data, run by seed-demo after the core demo data (before the demo conversations). */
  seedDemo?(deps: CommandDeps, demo: DemoContext): Promise<void>;
  /** Extra demo data after the demo conversations exist. */
  seedDemoAfter?(deps: CommandDeps, demo: DemoContext): Promise<void>;
}

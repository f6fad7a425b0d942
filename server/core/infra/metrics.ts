/** Prometheus metrics, one registry for the process. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

export const metrics = {
  httpRequests: new Counter({
    name: 'kefu_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  }),
  httpDuration: new Histogram({
    name: 'kefu_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  }),
  messagesIngested: new Counter({
    name: 'kefu_messages_ingested_total',
    help: 'Messages stored',
    labelNames: ['type'],
    registers: [registry],
  }),
  socketConnections: new Gauge({
    name: 'kefu_socket_connections',
    help: 'Connected sockets',
    labelNames: ['namespace'],
    registers: [registry],
  }),
  processorFailures: new Counter({
    name: 'kefu_processor_failures_total',
    help: 'Event processor failures',
    labelNames: ['processor'],
    registers: [registry],
  }),
  queueDepth: new Gauge({
    name: 'kefu_queue_depth',
    help: 'Jobs waiting or running',
    registers: [registry],
  }),
  deadJobs: new Counter({
    name: 'kefu_dead_jobs_total',
    help: 'Processors dead-lettered after their attempts',
    labelNames: ['processor'],
    registers: [registry],
  }),
  storageFullErrors: new Counter({
    name: 'kefu_storage_full_errors_total',
    help: 'Writes that failed for lack of storage space (SQLITE_FULL, PostgreSQL 53100, ENOSPC)',
    registers: [registry],
  }),
  storageFull: new Gauge({
    name: 'kefu_storage_full',
    help: '1 while writes fail for lack of storage space (see /readyz)',
    registers: [registry],
  }),
  aiFailures: new Counter({
    name: 'kefu_ai_failures_total',
    help: 'AI analysis failures or timeouts',
    labelNames: ['stage'],
    registers: [registry],
  }),
};

/** AI feature metrics, registered on the process registry served at /metrics. */
import { Counter, Histogram } from 'prom-client';
import { metrics as core, registry } from '../../core/infra/metrics.ts';

export const aiMetrics = {
  /** Analysis failures by stage: 'timeout' | 'error' | 'store' (the core's kefu_ai_failures_total). */
  failures: core.aiFailures,
  analyses: new Counter({
    name: 'kefu_ai_analyses_total',
    help: 'Customer messages analysed',
    registers: [registry],
  }),
  analyzeSeconds: new Histogram({
    name: 'kefu_ai_analyze_seconds',
    help: 'Worker analysis latency (incl. queueing in the pool)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2],
    registers: [registry],
  }),
  botDecisions: new Counter({
    name: 'kefu_bot_decisions_total',
    help: 'Bot decisions',
    labelNames: ['outcome', 'reason'],
    registers: [registry],
  }),
  escalations: new Counter({
    name: 'kefu_ai_escalations_total',
    help: 'Handover requests raised by the AI',
    labelNames: ['reason'],
    registers: [registry],
  }),
  llmRequests: new Counter({
    name: 'kefu_llm_requests_total',
    help: 'LLM provider calls',
    labelNames: ['kind', 'result'],
    registers: [registry],
  }),
};

/**
 * Stall watch for multi-node runs: every second each node's `/healthz` and `/readyz` must answer
 * (any status) within 2 s; acks must keep coming (a gap of ≥ 5 s between acks while load runs is a
 * stall). Used by bench/pg.bench.ts and scripts/ci-load.ts.
 */
export interface ProbeFailure {
  node: string;
  path: string;
  at: number;
  error: string;
}

export class StallWatch {
  readonly failures: ProbeFailure[] = [];
  probes = 0;
  maxProbeMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();
  private lastAck = 0;
  private loadFrom = 0;
  maxAckGapMs = 0;
  /** When the largest ack gap ended (performance.now()). */
  maxAckGapAt = 0;

  constructor(
    private nodes: Array<{ name: string; url: string }>,
    private timeoutMs = 2_000,
    private intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      for (const n of this.nodes)
        for (const path of ['/healthz', '/readyz']) {
          const t0 = performance.now();
          const p = fetch(`${n.url}${path}`, { signal: AbortSignal.timeout(this.timeoutMs) })
            .then(
              async (r) => {
                await r.arrayBuffer();
                this.probes++;
                this.maxProbeMs = Math.max(this.maxProbeMs, performance.now() - t0);
              },
              (err: Error) => {
                this.failures.push({
                  node: n.name,
                  path,
                  at: Math.round(performance.now()),
                  error:
                    err.name === 'TimeoutError'
                      ? `no answer within ${this.timeoutMs} ms`
                      : err.message,
                });
              },
            )
            .finally(() => this.inFlight.delete(p));
          this.inFlight.add(p);
        }
    }, this.intervalMs);
  }

  /** Load starts (or resumes after a pause): ack gaps are counted from here. */
  loadStarted(): void {
    this.loadFrom = performance.now();
    this.lastAck = this.loadFrom;
  }
  /** Load stopped: the time since the last ack still counts. */
  loadStopped(): void {
    this.ack();
    this.loadFrom = 0;
  }

  ack(at = performance.now()): void {
    if (!this.loadFrom) return;
    const gap = at - this.lastAck;
    if (gap > this.maxAckGapMs) {
      this.maxAckGapMs = gap;
      this.maxAckGapAt = at;
    }
    this.lastAck = Math.max(this.lastAck, at);
  }

  /** The current gap (load running, no ack since). */
  currentGapMs(): number {
    return this.loadFrom ? performance.now() - this.lastAck : 0;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  stalled(gapLimitMs = 5_000): boolean {
    return this.failures.length > 0 || this.maxAckGapMs >= gapLimitMs;
  }
}

/**
 * Circuit breaker: after `threshold` consecutive failures the circuit opens and calls fail fast for
 * `openMs`; then one trial call is let through (half-open): success closes it, failure re-opens it.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  threshold?: number;
  openMs?: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private stateValue: CircuitState = 'closed';
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(opts: BreakerOptions = {}) {
    this.threshold = opts.threshold ?? 5;
    this.openMs = opts.openMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.stateValue === 'open' && this.now() - this.openedAt >= this.openMs)
      this.stateValue = 'half_open';
    return this.stateValue;
  }

  /** Whether a call may go out now (claims the single half-open trial). */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'half_open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.stateValue = 'closed';
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.stateValue === 'half_open' || this.failures >= this.threshold) {
      this.stateValue = 'open';
      this.openedAt = this.now();
    }
  }
}

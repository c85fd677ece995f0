/**
 * Debounced "latest wins" requests: the cursor moves faster than the server
 * answers, and an answer for an old position must never overwrite a newer one.
 */

export interface Cancellable { cancel(): void }

export class LatestOnly<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private inFlight: Cancellable | null = null;

  constructor(private readonly delayMs: number) {}

  /**
   * After `delayMs` without another call, runs `start` and hands its result to
   * `deliver` unless a later call came first. `start` gets a cancel hook to fill.
   */
  schedule(start: (onCancel: (c: Cancellable) => void) => Promise<T>, deliver: (value: T) => void): void {
    const generation = ++this.generation;
    this.clearTimer();
    this.inFlight?.cancel();
    this.inFlight = null;
    this.timer = setTimeout(() => {
      this.timer = null;
      start((c) => { this.inFlight = c; }).then(
        (value) => { if (generation === this.generation) deliver(value); },
        () => { /* a failed or cancelled request leaves the last good answer shown */ },
      );
    }, this.delayMs);
  }

  dispose(): void {
    this.generation++;
    this.clearTimer();
    this.inFlight?.cancel();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** A Server-Sent Events client over fetch and ReadableStream, so that it can send the
 * Authorization header (EventSource cannot): it reconnects after a failure or when the
 * server ends the stream, waiting longer each time a connection fails (exponential backoff
 * with jitter, from the server's `retry:` hint), and resumes with `Last-Event-ID`. */
import { SseParser, type SseEvent } from "./sse";

export interface StreamOptions {
  url: string;
  /** The bearer token for each (re)connection; null waits for one. */
  token: () => string | null;
  onEvent: (event: SseEvent) => void;
  /** The connection opened (true) or was lost (false). */
  onStatus?: (connected: boolean) => void;
  lastEventId?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export const MIN_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30_000;

/** How long to wait before the next try, after `failures` failures in a row (full jitter
 * over an exponentially growing ceiling; at least `base`). */
export function backoff(failures: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(base + random() * Math.max(0, ceiling - base));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/** Runs until `stop()`; one connection at a time. */
export class EventStreamClient {
  private readonly controller = new AbortController();
  private lastEventId: string;
  private running: Promise<void> | null = null;

  constructor(private readonly options: StreamOptions) {
    this.lastEventId = options.lastEventId ?? "";
  }

  get lastId(): string {
    return this.lastEventId;
  }

  private isStopped(): boolean {
    return this.controller.signal.aborted;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { signal } = this.controller;
    const sleep = this.options.sleep ?? abortableSleep;
    const random = this.options.random ?? Math.random;
    const max = this.options.maxDelayMs ?? MAX_DELAY_MS;
    let base = this.options.minDelayMs ?? MIN_DELAY_MS;
    let failures = 0;
    while (!this.isStopped()) {
      const token = this.options.token();
      let received = false;
      if (token !== null) {
        const outcome = await this.connect(token, signal);
        received = outcome.received;
        if (outcome.retry !== null) base = Math.max(outcome.retry, this.options.minDelayMs ?? 0);
      }
      if (this.isStopped()) break;
      // A stream that delivered something and then ended (token expiry, a replica stopping)
      // is normal: reconnect soon. One that failed straight away waits longer each time.
      failures = received ? 1 : failures + 1;
      await sleep(backoff(failures, base, max, random), signal);
    }
  }

  private async connect(token: string, signal: AbortSignal): Promise<{ received: boolean; retry: number | null }> {
    const parser = new SseParser(this.lastEventId);
    let received = false;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream", Authorization: `Bearer ${token}` };
      if (this.lastEventId) headers["Last-Event-ID"] = this.lastEventId;
      const response = await (this.options.fetch ?? fetch)(this.options.url, { headers, signal, cache: "no-store" });
      if (!response.ok || response.body === null) return { received, retry: parser.retry };
      this.options.onStatus?.(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of parser.push(value)) {
          received = true;
          this.lastEventId = event.lastEventId;
          this.options.onEvent(event);
        }
      }
    } catch {
      // network failure or stop(): the loop decides
    }
    this.options.onStatus?.(false);
    return { received, retry: parser.retry };
  }
}

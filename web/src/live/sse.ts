/** An incremental parser of the Server-Sent Events format (WHATWG HTML, "event stream
 * interpretation"): feed it text as it arrives, in chunks cut anywhere; it hands back the
 * events each chunk completes. Comments (`: keep-alive`) are dropped. */

export interface SseEvent {
  /** `message` unless the event names itself. */
  event: string;
  data: string;
  /** The stream's last event id after this event (ids persist until another comes). */
  lastEventId: string;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private lastEventId = "";
  private pendingCr = false;
  /** The server's reconnection hint, in ms (`retry:`), once it sent one. */
  retry: number | null = null;

  constructor(lastEventId = "") {
    this.lastEventId = lastEventId;
  }

  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1); // a \r\n cut between chunks
    this.pendingCr = text.endsWith("\r");
    this.buffer += text;
    const events: SseEvent[] = [];
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? ""; // the unfinished line waits for the next chunk
    for (const line of lines) {
      const event = this.line(line);
      if (event !== null) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (name) {
      case "data": this.data.push(value); break;
      case "event": this.event = value; break;
      case "id": if (!value.includes("\0")) this.lastEventId = value; break;
      case "retry": if (/^\d+$/.test(value)) this.retry = Number(value); break;
      default: break; // unknown fields are ignored
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = "";
    if (data.length === 0) return null;
    return { event: event || "message", data: data.join("\n"), lastEventId: this.lastEventId };
  }
}

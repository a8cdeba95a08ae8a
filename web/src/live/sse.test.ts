import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

describe("SseParser", () => {
  it("hands back events as their blank line arrives, whatever the chunks", () => {
    const parser = new SseParser();
    const text = 'retry: 3000\n\nid: s1\nevent: notification\ndata: {"a":1}\n\n: keep-alive\n\nevent: unread\ndata: {"unread":2}\n\n';
    const events = [];
    for (let i = 0; i < text.length; i += 7) events.push(...parser.push(text.slice(i, i + 7)));
    expect(events).toEqual([
      { event: "notification", data: '{"a":1}', lastEventId: "s1" },
      { event: "unread", data: '{"unread":2}', lastEventId: "s1" }, // ids persist
    ]);
    expect(parser.retry).toBe(3000);
  });

  it("joins data lines, takes any line ending, even one cut between chunks", () => {
    const parser = new SseParser("s0");
    expect(parser.push("data: one\r")).toEqual([]);
    expect(parser.push("\ndata:two\rdata: three\n\r\n")).toEqual([
      { event: "message", data: "one\ntwo\nthree", lastEventId: "s0" },
    ]);
  });

  it("ignores comments, unknown fields, bad retry values and events without data", () => {
    const parser = new SseParser();
    expect(parser.push(": hello\nfoo: bar\nretry: soon\nevent: x\n\nid: s9\n\n")).toEqual([]);
    expect(parser.retry).toBeNull();
    expect(parser.push("data\n\n")).toEqual([{ event: "message", data: "", lastEventId: "s9" }]);
  });
});

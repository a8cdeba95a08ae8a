"""Server-Sent Events (the WHATWG HTML event stream format), and the resume merge of a
stream: pure, no I/O."""
from __future__ import annotations

KEEP_ALIVE = b": keep-alive\n\n"


def event(data: str, *, event: str | None = None, id: str | None = None) -> bytes:
    """One event: each line of `data` is a `data:` line (the client joins them with \\n)."""
    for value in (event, id):
        if value is not None and any(c in value for c in "\r\n\0"):
            raise ValueError("an SSE event name or id cannot hold a line break or NUL")
    lines = []
    if id is not None:
        lines.append(f"id: {id}")
    if event is not None:
        lines.append(f"event: {event}")
    lines.extend(f"data: {line}" for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return ("\n".join(lines) + "\n\n").encode()


def retry(milliseconds: int) -> bytes:
    """How long the client should wait before reconnecting."""
    return f"retry: {int(milliseconds)}\n\n".encode()


def comment(text: str) -> bytes:
    return "".join(f": {line}\n" for line in text.splitlines() or [""]).encode() + b"\n"


class ResumeMerge:
    """A stream subscribes to the live channel first, then replays from the inbox what came
    after the client's Last-Event-ID: so a notification stored meanwhile arrives both ways.
    This admits each one once. Live pushes come once each, so only replayed ones repeat;
    they are remembered by seq (commit order is not seq order across concurrent handlers,
    so no high-water mark: it would drop a late commit with an earlier seq)."""

    def __init__(self) -> None:
        self._replayed: set[str] = set()

    def replayed(self, seq: str) -> None:
        self._replayed.add(seq)

    def admit(self, seq: str) -> bool:
        """Whether a live notification is new to this stream."""
        if seq in self._replayed:
            self._replayed.discard(seq)  # it can come live once only
            return False
        return True

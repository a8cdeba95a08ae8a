"""Markdown written by members (topics, replies, news, event and consultation texts),
rendered to HTML for every client alike and sanitised here, at the edge: CommonMark
without raw HTML, then an allow-list of tags and attributes (nh3, the Ammonia sanitiser).
No script, no style, no event handlers, no images at all (so no tracking pixels), links
only to http(s) and mailto, opening with rel="nofollow noopener noreferrer".

Mentions are written `@[Display name](user:USER_ID)`; they render as a link to the
member's profile and `mentioned_user_ids` lists them (the handler keeps those who are
active members of the community)."""
from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
_MENTION = re.compile(r"@\[([^\]\n]{1,120})\]\(user:([A-Za-z0-9-]{1,64})\)")
_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
         "hr", "span"}
_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}}


def render_markdown(text: str, *, profile_path: str = "/members/") -> str:
    """Safe HTML for a member's markdown. Headings are pushed down to h3 and below: the
    page's own headings stay the outline."""
    with_mentions = _MENTION.sub(lambda m: f"[@{_escape_label(m.group(1))}]({profile_path}{m.group(2)})", text)
    html = _MD.render(with_mentions)
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener noreferrer", strip_comments=True)


def mentioned_user_ids(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(2) for m in _MENTION.finditer(text)))


def plain_excerpt(text: str, length: int = 280) -> str:
    """The text without markdown marks, for notifications and lists."""
    plain = _MENTION.sub(lambda m: "@" + m.group(1), text)
    plain = re.sub(r"[*_`>#\[\]]|\(https?://[^)]*\)", "", plain)
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[:length - 1].rstrip() + "…"


def _escape_label(label: str) -> str:
    return re.sub(r"([\\\[\]*_`])", r"\\\1", label)

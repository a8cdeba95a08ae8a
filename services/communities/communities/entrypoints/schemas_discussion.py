"""HTTP request and response bodies of discussion."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import MultiLineText, SingleLineText

from communities.domain.discussion import Post


class PostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLineText = Field(min_length=1, max_length=200)
    body: MultiLineText = Field(min_length=1, max_length=20000)


class PostOut(BaseModel):
    id: str
    community_id: str
    author_id: str
    title: str
    body: str
    published_at: datetime

    @classmethod
    def of(cls, p: Post) -> PostOut:
        return cls(id=p.id, community_id=p.community_id, author_id=p.author_id, title=p.title, body=p.body,
                   published_at=p.published_at)

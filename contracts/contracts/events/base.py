"""Base class and registry of integration events.

Every concrete event declares its CloudEvents type (`<domain>.<aggregate>.<verb>.vN`),
its topic, and which field is the aggregate id (the CloudEvents subject and Kafka key).
Consumers ignore unknown fields, so additive changes keep the version; a breaking
change is a new class with a `.v2` type, published beside the old one.
"""
from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

_REGISTRY: dict[str, type[IntegrationEvent]] = {}


class IntegrationEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    topic: ClassVar[str]
    subject_field: ClassVar[str]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if event_type is None:
            return  # an abstract intermediate class
        if event_type in _REGISTRY:
            raise TypeError(f"event type {event_type} is defined twice")
        if cls.subject_field not in cls.model_fields:
            raise TypeError(f"{cls.__name__}.subject_field {cls.subject_field!r} is not a field")
        _REGISTRY[event_type] = cls

    def subject(self) -> str:
        return str(getattr(self, self.subject_field))


def event_class_for(event_type: str) -> type[IntegrationEvent] | None:
    return _REGISTRY.get(event_type)


def registered_events() -> dict[str, type[IntegrationEvent]]:
    return dict(_REGISTRY)

"""Shared, versioned, read-only descriptor taxonomy.

Profiles, proposals and communities are tagged with codes such as ``s3:aerospace``,
``s3c:aerospace-03``, ``een-tech:01003002`` or ``nace:62``. Every service must agree on
what those codes mean, so the taxonomy ships as package data inside ``contracts`` and is
loaded through :func:`load_taxonomy`.

Codes are ``<scheme>:<id>``; the scheme is always the prefix before the first colon, which
is how areas (``s3``) and challenges (``s3c``) can live in the same data file.

Every entry has an English ``label`` and, in the packaged data, an Italian ``label_it``
(Italian is the platform's reference language); :meth:`Descriptor.label_in` picks one,
falling back to English for data that has no Italian label.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = ["DATA_FILES", "LABEL_LANGUAGES", "Descriptor", "Taxonomy", "UnknownDescriptors", "load_taxonomy"]

# Load order matters: it fixes the order of schemes() and of the combined version string.
DATA_FILES: tuple[str, ...] = ("s3.json", "een_technology.json", "een_market.json", "nace.json")


class UnknownDescriptors(ValueError):
    """Codes a request used that the shipped taxonomy does not define (HTTP 422)."""

    def __init__(self, codes: Sequence[str]) -> None:
        super().__init__(f"Unknown descriptor codes: {', '.join(codes)}.")
        self.codes = list(codes)


#: The languages descriptor labels come in; English (``label``) is the fallback.
LABEL_LANGUAGES: tuple[str, ...] = ("it", "en")


@dataclass(frozen=True)
class Descriptor:
    code: str
    label: str  # English
    scheme: str
    parent: str | None
    description: str | None = None
    label_it: str | None = None  # Italian; None where the data has none (English is used)

    def label_in(self, language: str) -> str:
        """The label in ``language`` (``it`` or ``en``); English for any other or a missing one."""
        if language == "it" and self.label_it is not None:
            return self.label_it
        return self.label

    @property
    def labels(self) -> dict[str, str]:
        """The label in every language of :data:`LABEL_LANGUAGES`: ``{"it": ..., "en": ...}``."""
        return {language: self.label_in(language) for language in LABEL_LANGUAGES}


def _scheme_of(code: str) -> str:
    scheme, sep, rest = code.partition(":")
    if not sep or not scheme or not rest:
        raise ValueError(f"taxonomy: malformed code {code!r}, expected '<scheme>:<id>'")
    return scheme


class Taxonomy:
    """Immutable, validated view over one or more taxonomy documents."""

    def __init__(self, documents: Sequence[Mapping[str, Any]]) -> None:
        by_code: dict[str, Descriptor] = {}
        schemes: list[str] = []
        versions: list[str] = []
        for doc in documents:
            file_scheme = doc.get("scheme")
            version = doc.get("version")
            if not isinstance(file_scheme, str) or not isinstance(version, str):
                raise ValueError("taxonomy: every document needs string 'scheme' and 'version' fields")
            versions.append(f"{file_scheme}@{version}")
            # A document may host several schemes (s3.json holds "s3" areas and "s3c" challenges).
            allowed = list(doc.get("schemes") or [file_scheme])
            for scheme in allowed:
                if scheme in schemes:
                    raise ValueError(f"taxonomy: scheme {scheme!r} is defined by more than one document")
                schemes.append(scheme)
            for raw in doc.get("entries", []):
                descriptor = self._parse_entry(raw, allowed, file_scheme)
                if descriptor.code in by_code:
                    raise ValueError(f"taxonomy: duplicate code {descriptor.code!r}")
                by_code[descriptor.code] = descriptor

        self._validate_parents(by_code)

        children: dict[str | None, list[str]] = {}
        for descriptor in by_code.values():  # dict order == file order
            children.setdefault(descriptor.parent, []).append(descriptor.code)

        self.version: str = "+".join(versions)
        self._by_code: Mapping[str, Descriptor] = MappingProxyType(by_code)
        self._schemes: tuple[str, ...] = tuple(schemes)
        self._children: Mapping[str | None, tuple[str, ...]] = MappingProxyType(
            {parent: tuple(codes) for parent, codes in children.items()}
        )

    # ------------------------------------------------------------------ construction helpers

    @staticmethod
    def _parse_entry(raw: Any, allowed: list[str], file_scheme: str) -> Descriptor:
        if not isinstance(raw, Mapping):
            raise ValueError(f"taxonomy[{file_scheme}]: entry is not an object: {raw!r}")
        code, label, parent = raw.get("code"), raw.get("label"), raw.get("parent")
        description = raw.get("description")
        if not isinstance(code, str) or not isinstance(label, str) or not label.strip():
            raise ValueError(
                f"taxonomy[{file_scheme}]: entry needs string 'code' and non-empty 'label': {raw!r}"
            )
        label_it = raw.get("label_it")
        if label_it is not None and (not isinstance(label_it, str) or not label_it.strip()):
            # Absent is fine (English is used); present but blank is a data error, not a fallback.
            raise ValueError(f"taxonomy[{file_scheme}]: 'label_it' of {code!r} must be a non-blank string")
        if parent is not None and not isinstance(parent, str):
            raise ValueError(f"taxonomy[{file_scheme}]: 'parent' of {code!r} must be a string or null")
        if description is not None and not isinstance(description, str):
            raise ValueError(f"taxonomy[{file_scheme}]: 'description' of {code!r} must be a string")
        scheme = _scheme_of(code)
        if scheme not in allowed:
            raise ValueError(
                f"taxonomy[{file_scheme}]: code {code!r} has scheme {scheme!r}, expected one of {allowed}"
            )
        return Descriptor(code=code, label=label, scheme=scheme, parent=parent, description=description,
                          label_it=label_it)

    @staticmethod
    def _validate_parents(by_code: Mapping[str, Descriptor]) -> None:
        for descriptor in by_code.values():
            if descriptor.parent is not None and descriptor.parent not in by_code:
                raise ValueError(
                    f"taxonomy: parent {descriptor.parent!r} of {descriptor.code!r} does not exist"
                )
        # Walk each chain once; codes already proven acyclic short-circuit later walks (O(n)).
        acyclic: set[str] = set()
        for start in by_code:
            path: list[str] = []
            on_path: set[str] = set()
            code: str | None = start
            while code is not None and code not in acyclic:
                if code in on_path:
                    cycle = path[path.index(code):] + [code]
                    raise ValueError(f"taxonomy: parent cycle {' -> '.join(cycle)}")
                path.append(code)
                on_path.add(code)
                code = by_code[code].parent
            acyclic.update(path)

    # ------------------------------------------------------------------ queries

    def schemes(self) -> list[str]:
        return list(self._schemes)

    def get(self, code: str) -> Descriptor | None:
        return self._by_code.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Descriptor]:
        return iter(self._by_code.values())

    def unknown(self, codes: Iterable[str]) -> list[str]:
        """Codes not in the taxonomy, in input order, each reported once."""
        seen: set[str] = set()
        missing: list[str] = []
        for code in codes:
            if code not in seen:
                seen.add(code)
                if code not in self._by_code:
                    missing.append(code)
        return missing

    def require_known(self, codes: Iterable[str]) -> None:
        """Raise UnknownDescriptors naming every code the taxonomy does not define."""
        if missing := self.unknown(codes):
            raise UnknownDescriptors(missing)

    def ancestors(self, code: str) -> list[str]:
        """Parent chain, nearest first; empty for top-level or unknown codes."""
        chain: list[str] = []
        descriptor = self._by_code.get(code)
        while descriptor is not None and descriptor.parent is not None:
            chain.append(descriptor.parent)
            descriptor = self._by_code.get(descriptor.parent)
        return chain

    def expand(self, codes: Iterable[str]) -> set[str]:
        """Codes plus all their ancestors, for hierarchical matching.

        Interest in ``s3:aerospace`` matches a proposal tagged ``s3c:aerospace-03`` because the
        proposal's expansion contains the area. Unknown codes are kept as-is (they only match
        themselves); use :meth:`unknown` to reject them at the boundary.
        """
        expanded: set[str] = set()
        for code in codes:
            expanded.add(code)
            expanded.update(self.ancestors(code))
        return expanded

    def narrower(self, codes: Iterable[str]) -> set[str]:
        """Codes plus all their descendants: the tags an item may carry to be about ``codes``.

        The same hierarchy as :meth:`expand`, seen from the other side (``d in
        narrower([c])`` exactly when ``c in expand([d])``), so browsing by ``s3:aerospace``
        finds what an interest in it is notified about. Unknown codes are kept as-is.
        """
        found: set[str] = set()
        pending = list(codes)
        while pending:
            code = pending.pop()
            if code not in found:
                found.add(code)
                pending.extend(self._children.get(code, ()))
        return found

    def descriptors(self, scheme: str | None = None, parent: str | None = None) -> list[Descriptor]:
        """Descriptors in file order, optionally filtered by scheme and/or direct parent."""
        if parent is not None:
            candidates: Iterable[Descriptor] = (self._by_code[c] for c in self._children.get(parent, ()))
        else:
            candidates = self._by_code.values()
        return [d for d in candidates if scheme is None or d.scheme == scheme]

    def children(self, code: str) -> list[Descriptor]:
        """Direct children of ``code`` in file order (empty for leaves and unknown codes)."""
        return [self._by_code[c] for c in self._children.get(code, ())]

    def roots(self, scheme: str | None = None) -> list[Descriptor]:
        """Top-level descriptors (no parent), optionally for one scheme."""
        roots = (self._by_code[c] for c in self._children.get(None, ()))
        return [d for d in roots if scheme is None or d.scheme == scheme]

    def __repr__(self) -> str:
        return f"Taxonomy(version={self.version!r}, descriptors={len(self)})"


def _read_documents() -> list[dict[str, Any]]:
    # importlib.resources works for source checkouts, wheels and zipped installs alike.
    data = resources.files(__name__).joinpath("data")
    return [json.loads(data.joinpath(name).read_text(encoding="utf-8")) for name in DATA_FILES]


@cache
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy, read and validated once per process."""
    return Taxonomy(_read_documents())

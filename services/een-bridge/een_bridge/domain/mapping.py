"""Mapping the keywords of a POD profile onto the platform's vocabulary: pure, no I/O.

EEN technology and market keywords are hierarchical digit codes (2+3+3 digits) and NACE
codes go section > division > group > class; a keyword maps to the most specific code
of that hierarchy our taxonomy knows, and technology keywords also to the S3 areas or
challenges of their longest listed prefix. A keyword that maps to nothing is kept as
unmapped, never dropped, so the offer loses no information on the way in.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

_EEN_CODE = re.compile(r"[0-9]{2}(?:[0-9]{3}){0,2}")
_EEN_LEVELS = (8, 5, 2)
# NACE Rev. 2 as POD writes it: "C", "28", "28.1", "C28.1", "C.28.11".
_NACE_CODE = re.compile(r"(?P<section>[A-U])?\.?(?P<division>[0-9]{2})?(?:\.(?P<rest>[0-9]{1,2}))?")


class Vocabulary(StrEnum):
    TECHNOLOGY = "technology"
    MARKET = "market"
    NACE = "nace"


@dataclass(frozen=True)
class KeywordMatch:
    vocabulary: Vocabulary
    keyword: str
    codes: tuple[str, ...]  # empty when the keyword maps to nothing


@dataclass(frozen=True)
class KeywordMapping:
    version: str
    matches: tuple[KeywordMatch, ...]

    @property
    def descriptors(self) -> list[str]:
        return list(dict.fromkeys(code for match in self.matches for code in match.codes))

    @property
    def unmapped_keywords(self) -> list[str]:
        return list(dict.fromkeys(match.keyword for match in self.matches if not match.codes))


@dataclass(frozen=True)
class PodKeywords:
    technology: tuple[str, ...]
    market: tuple[str, ...]
    nace: tuple[str, ...]


def een_code_chain(keyword: str) -> list[str]:
    """The keyword and its EEN ancestors, most specific first ("01003004" -> 01003004, 01003, 01)."""
    if not _EEN_CODE.fullmatch(keyword):
        return []
    return [keyword[:level] for level in _EEN_LEVELS if level <= len(keyword)]


def nace_code_chain(keyword: str) -> list[str]:
    """The NACE code and its ancestors, most specific first ("C28.1" -> 28.1, 28, C)."""
    match = _NACE_CODE.fullmatch(keyword.upper())
    if match is None or not (match["section"] or match["division"]) or (match["rest"] and not match["division"]):
        return []
    chain: list[str] = []
    if match["rest"]:
        rest = match["rest"]
        chain += [f"{match['division']}.{rest[:n]}" for n in range(len(rest), 0, -1)]
    if match["division"]:
        chain.append(match["division"])
    if match["section"]:
        chain.append(match["section"])
    return chain


@dataclass(frozen=True)
class KeywordMapper:
    known_codes: frozenset[str]
    technology_to_s3: Mapping[str, tuple[str, ...]]
    version: str

    def map(self, *, technology: Iterable[str], market: Iterable[str], nace: Iterable[str]) -> KeywordMapping:
        matches = (
            [self._technology(k) for k in technology]
            + [self._hierarchical(Vocabulary.MARKET, k, "een-market", een_code_chain(k)) for k in market]
            + [self._hierarchical(Vocabulary.NACE, k, "nace", nace_code_chain(k)) for k in nace]
        )
        return KeywordMapping(version=self.version, matches=tuple(matches))

    def pod_keywords(self, descriptors: Iterable[str]) -> PodKeywords:
        """The other way, for exports: our descriptors as POD keywords. S3 codes have no POD
        field; they go out as the EEN technology codes that map onto them."""
        technology: list[str] = []
        market: list[str] = []
        nace: list[str] = []
        for descriptor in descriptors:
            scheme, _, code = descriptor.partition(":")
            if scheme == "een-tech":
                technology.append(code)
            elif scheme == "een-market":
                market.append(code)
            elif scheme == "nace":
                nace.append(code)
            else:
                technology += [prefix for prefix, s3 in self.technology_to_s3.items() if descriptor in s3]
        return PodKeywords(technology=tuple(dict.fromkeys(technology)), market=tuple(dict.fromkeys(market)),
                           nace=tuple(dict.fromkeys(nace)))

    def _technology(self, keyword: str) -> KeywordMatch:
        chain = een_code_chain(keyword)
        own = self._hierarchical(Vocabulary.TECHNOLOGY, keyword, "een-tech", chain).codes
        s3 = next((self.technology_to_s3[prefix] for prefix in chain if prefix in self.technology_to_s3), ())
        return KeywordMatch(Vocabulary.TECHNOLOGY, keyword, tuple(dict.fromkeys(own + s3)))

    def _hierarchical(self, vocabulary: Vocabulary, keyword: str, scheme: str, chain: list[str]) -> KeywordMatch:
        code = next((f"{scheme}:{c}" for c in chain if f"{scheme}:{c}" in self.known_codes), None)
        return KeywordMatch(vocabulary, keyword, (code,) if code else ())

"""Loads the taxonomy and the EEN -> S3 table (package data of `contracts`) into the
domain's KeywordMapper, checking that the table only names codes the taxonomy knows."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from contracts.taxonomy import Taxonomy, load_taxonomy
from een_bridge.domain.mapping import KeywordMapper

EEN_TO_S3_FILE = "een_to_s3.json"
S3_SCHEMES = ("s3", "s3c")


def build_keyword_mapper(taxonomy: Taxonomy, table: dict[str, Any]) -> KeywordMapper:
    version = table.get("version")
    if not isinstance(version, str):
        raise ValueError(f"{EEN_TO_S3_FILE}: needs a string 'version'")
    technology: dict[str, tuple[str, ...]] = {}
    for prefix, codes in table.get("technology", {}).items():
        if f"een-tech:{prefix}" not in taxonomy:
            raise ValueError(f"{EEN_TO_S3_FILE}: {prefix!r} is not an EEN technology code of the taxonomy")
        wrong = [c for c in codes if c not in taxonomy or taxonomy.get(c).scheme not in S3_SCHEMES]
        if not codes or wrong:
            raise ValueError(f"{EEN_TO_S3_FILE}: {prefix!r} must map to known S3 codes, not {wrong or codes}")
        technology[prefix] = tuple(codes)
    return KeywordMapper(known_codes=frozenset(d.code for d in taxonomy), technology_to_s3=technology,
                         version=f"een_to_s3@{version}+{taxonomy.version}")


def read_een_to_s3() -> dict[str, Any]:
    data = resources.files("contracts.taxonomy").joinpath("data", EEN_TO_S3_FILE)
    return json.loads(data.read_text(encoding="utf-8"))


@cache
def keyword_mapper() -> KeywordMapper:
    """The packaged mapping, read and validated once per process."""
    return build_keyword_mapper(load_taxonomy(), read_een_to_s3())

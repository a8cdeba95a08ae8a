from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from contracts.taxonomy import DATA_FILES, Descriptor, Taxonomy, load_taxonomy

S3_AREAS = {
    "s3:aerospace",
    "s3:agrifood",
    "s3:eco-industry",
    "s3:creative-cultural",
    "s3:advanced-manufacturing",
    "s3:life-sciences",
    "s3:sustainable-mobility",
    "s3:smart-communities",
}


def _doc(scheme: str, entries: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"scheme": scheme, "version": "test", "entries": entries, **extra}


def _e(code: str, parent: str | None = None) -> dict[str, Any]:
    return {"code": code, "label": code.upper(), "parent": parent}


# ---------------------------------------------------------------- packaged data


def test_load_is_cached_and_versioned() -> None:
    tax = load_taxonomy()
    assert tax is load_taxonomy()
    assert tax.schemes() == ["s3", "s3c", "een-tech", "een-market", "nace"]
    assert tax.version == "s3@2026.1+een-tech@2026.1+een-market@2026.1+nace@2026.1"


def test_data_files_have_version_and_scheme() -> None:
    data = resources.files("contracts.taxonomy").joinpath("data")
    for name in DATA_FILES:
        doc = json.loads(data.joinpath(name).read_text(encoding="utf-8"))
        assert isinstance(doc["version"], str) and doc["version"]
        assert isinstance(doc["scheme"], str) and doc["scheme"]


def test_s3_counts() -> None:
    tax = load_taxonomy()
    areas = tax.descriptors("s3")
    assert {d.code for d in areas} == S3_AREAS
    assert all(d.parent is None for d in areas)
    challenges = tax.descriptors("s3c")
    transversal = [c for c in challenges if c.parent == "s3:smart-communities"]
    thematic = [c for c in challenges if c.parent != "s3:smart-communities"]
    assert len(transversal) == 8
    assert len(thematic) == 40
    # Every thematic area has at least the five challenges -01..-05.
    for area in S3_AREAS - {"s3:smart-communities"}:
        slug = area.removeprefix("s3:")
        codes = {c.code for c in tax.children(area)}
        assert {f"s3c:{slug}-{i:02d}" for i in range(1, 6)} <= codes
    assert tax.get("s3:smart-communities").label == "Smart cities and communities"  # type: ignore[union-attr]


def test_nace_counts() -> None:
    tax = load_taxonomy()
    nace = tax.descriptors("nace")
    sections = [d for d in nace if d.parent is None]
    divisions = [d for d in nace if d.parent is not None and d.parent in {s.code for s in sections}]
    assert [s.code for s in sections] == [f"nace:{c}" for c in "ABCDEFGHIJKLMNOPQRSTU"]
    assert len(divisions) == 88
    assert tax.get("nace:62") == Descriptor(
        "nace:62", "Computer programming, consultancy and related activities", "nace", "nace:J",
        label_it="Produzione di software, consulenza informatica e attività connesse",
    )
    assert len(tax.children("nace:C")) == 24


def test_een_sizes_and_levels() -> None:
    tax = load_taxonomy()
    tech, market = tax.descriptors("een-tech"), tax.descriptors("een-market")
    assert 120 <= len(tech) <= 200
    assert 60 <= len(market) <= 120
    for d in tech + market:
        digits = d.code.split(":", 1)[1]
        assert digits.isdigit() and len(digits) in (2, 5, 8)
        if d.parent is None:
            assert len(digits) == 2
        else:
            # EEN codes embed their parent's code as a prefix.
            assert digits.startswith(d.parent.split(":", 1)[1])


def test_all_parents_resolve_and_codes_are_unique() -> None:
    tax = load_taxonomy()
    codes = [d.code for d in tax]
    assert len(codes) == len(set(codes))
    for d in tax:
        assert d.code in tax
        assert d.code.startswith(f"{d.scheme}:")
        assert d.label.strip()
        if d.parent is not None:
            assert d.parent in tax
    # Challenges hang off areas, never the reverse.
    assert all(tax.get(c.parent).scheme == "s3" for c in tax.descriptors("s3c"))  # type: ignore[union-attr]


# ---------------------------------------------------------------- queries


def test_get_and_contains() -> None:
    tax = load_taxonomy()
    assert "s3:aerospace" in tax
    assert "s3:nope" not in tax
    assert tax.get("s3:nope") is None
    d = tax.get("s3c:aerospace-01")
    assert d is not None and d.scheme == "s3c" and d.parent == "s3:aerospace"


def test_unknown_preserves_order_and_dedups() -> None:
    tax = load_taxonomy()
    codes = ["x:1", "s3:aerospace", "nace:ZZ", "x:1", "nace:62", "nace:ZZ", "bogus"]
    assert tax.unknown(codes) == ["x:1", "nace:ZZ", "bogus"]
    assert tax.unknown([]) == []
    assert tax.unknown(iter(["s3:agrifood"])) == []


def test_ancestors_nearest_first() -> None:
    tax = load_taxonomy()
    assert tax.ancestors("s3c:aerospace-03") == ["s3:aerospace"]
    assert tax.ancestors("s3:aerospace") == []
    assert tax.ancestors("nace:62") == ["nace:J"]
    leaf = next(d for d in tax.descriptors("een-tech") if len(d.code) == len("een-tech:") + 8)
    assert leaf.parent is not None
    mid = tax.get(leaf.parent)
    assert mid is not None and mid.parent is not None
    assert tax.ancestors(leaf.code) == [leaf.parent, mid.parent]
    assert tax.ancestors("unknown:1") == []


def test_expand_includes_ancestors_for_hierarchical_matching() -> None:
    tax = load_taxonomy()
    proposal = tax.expand(["s3c:aerospace-03", "nace:62"])
    assert proposal == {"s3c:aerospace-03", "s3:aerospace", "nace:62", "nace:J"}
    interest = {"s3:aerospace"}
    assert interest & proposal
    # Expansion goes up, never down: a challenge interest does not match a bare area tag.
    assert not {"s3c:aerospace-03"} & tax.expand(["s3:aerospace"])
    assert tax.expand([]) == set()


def test_list_by_scheme_and_parent_in_file_order() -> None:
    tax = load_taxonomy()
    assert len(tax.descriptors()) == len(tax)
    aero = tax.descriptors(parent="s3:aerospace")
    assert [d.code for d in aero][:5] == [f"s3c:aerospace-{i:02d}" for i in range(1, 6)]
    assert aero == tax.children("s3:aerospace")
    assert tax.descriptors(scheme="s3", parent="s3:aerospace") == []
    assert tax.descriptors(scheme="s3c", parent="s3:aerospace") == aero
    assert [d.code for d in tax.descriptors("nace", parent="nace:A")] == ["nace:01", "nace:02", "nace:03"]
    assert tax.descriptors("no-such-scheme") == []
    assert tax.children("nace:01") == []
    assert tax.children("missing:1") == []


def test_every_descriptor_has_an_italian_label() -> None:
    tax = load_taxonomy()
    for d in tax:
        assert d.label_it is not None and d.label_it.strip(), d.code
        assert d.label_in("it") == d.label_it and d.label_in("en") == d.label
        assert d.labels == {"it": d.label_it, "en": d.label}
    agrifood = tax.get("s3:agrifood")
    assert agrifood is not None and agrifood.label_in("it") == "Agroalimentare"
    assert agrifood.labels == {"it": "Agroalimentare", "en": "Agrifood"}
    assert tax.get("nace:C").label_in("it") == "Attività manifatturiere"  # type: ignore[union-attr]
    # Any other language reads English, the fallback.
    assert agrifood.label_in("fr") == "Agrifood"


def test_italian_label_falls_back_to_english_where_absent() -> None:
    tax = Taxonomy([_doc("a", [_e("a:1"), {**_e("a:2"), "label_it": "Due"}])])
    one, two = tax.get("a:1"), tax.get("a:2")
    assert one is not None and one.label_it is None and one.label_in("it") == "A:1"
    assert one.labels == {"it": "A:1", "en": "A:1"}
    assert two is not None and two.labels == {"it": "Due", "en": "A:2"}


@pytest.mark.parametrize("label_it", ["", "   ", 3, None])
def test_blank_italian_label_rejected(label_it: object) -> None:
    entry = {**_e("a:1"), "label_it": label_it}
    if label_it is None:  # JSON null reads as absent: English is used
        assert Taxonomy([_doc("a", [entry])]).get("a:1").label_in("it") == "A:1"  # type: ignore[union-attr]
        return
    with pytest.raises(ValueError, match="'label_it' of 'a:1' must be a non-blank string"):
        Taxonomy([_doc("a", [entry])])


def test_descriptor_is_frozen() -> None:
    d = load_taxonomy().get("s3:agrifood")
    assert d is not None
    with pytest.raises(AttributeError):
        d.label = "changed"  # type: ignore[misc]


# ---------------------------------------------------------------- validation


def test_valid_custom_taxonomy() -> None:
    tax = Taxonomy([_doc("a", [_e("a:1"), _e("b:1", "a:1")], schemes=["a", "b"])])
    assert tax.schemes() == ["a", "b"]
    assert tax.version == "a@test"
    assert tax.expand(["b:1"]) == {"a:1", "b:1"}


def test_duplicate_codes_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate code 'a:1'"):
        Taxonomy([_doc("a", [_e("a:1"), _e("a:1")])])


def test_missing_parent_rejected() -> None:
    with pytest.raises(ValueError, match="parent 'a:0' of 'a:1' does not exist"):
        Taxonomy([_doc("a", [_e("a:1", "a:0")])])


def test_cycle_rejected() -> None:
    with pytest.raises(ValueError, match="cycle"):
        Taxonomy([_doc("a", [_e("a:1", "a:3"), _e("a:2", "a:1"), _e("a:3", "a:2")])])
    with pytest.raises(ValueError, match="cycle"):
        Taxonomy([_doc("a", [_e("a:1", "a:1")])])


def test_scheme_mismatch_and_malformed_codes_rejected() -> None:
    with pytest.raises(ValueError, match="scheme 'b'"):
        Taxonomy([_doc("a", [_e("b:1")])])
    with pytest.raises(ValueError, match="malformed code"):
        Taxonomy([_doc("a", [_e("a1")])])
    with pytest.raises(ValueError, match="'scheme' and 'version'"):
        Taxonomy([{"entries": []}])


def test_narrower_is_expand_seen_from_the_other_side() -> None:
    tax = load_taxonomy()
    assert tax.narrower(["s3:aerospace"]) == {"s3:aerospace"} | {c.code for c in tax.children("s3:aerospace")}
    assert tax.narrower(["s3c:aerospace-03"]) == {"s3c:aerospace-03"}
    assert tax.narrower(["nace:J", "unknown:1"]) >= {"nace:J", "nace:62", "unknown:1"}
    assert tax.narrower([]) == set()
    # Three levels deep: a top-level EEN technology code reaches its leaves.
    assert "een-tech:01003002" in tax.narrower(["een-tech:01"])


def test_browsing_filter_and_notification_matching_agree_on_every_pair_of_codes() -> None:
    """Browsing by `wanted` (the proposals/communities list filter, `narrower`) finds a
    proposal tagged `tag` exactly when a member interested in `wanted` is notified of it."""
    from notifications.domain.model import Profile, ProposalAudience

    tax = load_taxonomy()
    codes = [d.code for d in tax]
    for wanted in codes:
        member = Profile(user_id="member", version=1, interests=(wanted,))
        found_by_filter = tax.narrower([wanted])
        notified_of = {tag for tag in codes if ProposalAudience.of([tag], None, tax).admits(member)}
        assert found_by_filter == notified_of, wanted

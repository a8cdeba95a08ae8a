"""The sync's pure parts: reading a changing, ordered list by key; run accounting; the
checkpoint; and reading the POD's XML defensively."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from een_bridge.adapters import pod_wire
from een_bridge.adapters.pod_wire import UnreadableDocument
from een_bridge.domain.model import PodDraft, PodType, SyncOutcome
from een_bridge.domain.sync import KeysetWalk, RunStatus, SyncCheckpoint, SyncCursor, SyncMode, SyncRun

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class FakeList:
    """The POD's list semantics in memory: (time, key) order, inclusive `since`, pages by offset."""

    def __init__(self, items: dict[str, datetime]) -> None:
        self.items = dict(items)

    def page(self, since: datetime | None, page: int, size: int) -> list[tuple[datetime, str]]:
        rows = sorted((t, k) for k, t in self.items.items() if since is None or t >= since)
        return rows[(page - 1) * size: page * size]


def walk_all(source: FakeList, walk: KeysetWalk, size: int, on_page=None) -> tuple[list[str], KeysetWalk]:
    seen: list[str] = []
    while not walk.exhausted:
        request = walk.request()
        rows = source.page(request.modified_since, request.page, size)
        fresh = [(t, k) for t, k in rows if walk.admits(t, k)]
        seen += [k for _, k in fresh]
        walk = walk.after_page(fresh, page_full=len(rows) >= size)
        if on_page:
            on_page()
    return seen, walk


def test_every_item_is_read_once_even_when_many_share_one_time():
    items = {f"R{i:04d}": T0 + timedelta(seconds=i // 25) for i in range(230)}  # 25 per timestamp
    seen, walk = walk_all(FakeList(items), KeysetWalk(), size=10)
    assert sorted(seen) == sorted(items) and len(seen) == len(set(seen))
    assert walk.cursor == SyncCursor(max(items.values()), "R0229")


def test_items_changed_during_the_walk_are_read_again_and_none_is_skipped():
    rng = random.Random(4)
    items = {f"R{i:04d}": T0 + timedelta(milliseconds=i) for i in range(300)}
    source = FakeList(items)
    clock = [T0 + timedelta(hours=1)]

    def touch_some():  # a profile edited while we read: it moves to the end of the order
        key = rng.choice(list(items))
        clock[0] += timedelta(milliseconds=1)
        source.items[key] = clock[0]

    seen, _ = walk_all(source, KeysetWalk(), size=20, on_page=touch_some)
    assert set(seen) == set(items)  # an offset-based reader would miss some here


def test_a_walk_resumed_from_its_cursor_reads_only_what_follows():
    items = {f"R{i:04d}": T0 + timedelta(milliseconds=i) for i in range(50)}
    first, walk = walk_all(FakeList(items), KeysetWalk(), size=20)
    items["R0007"] = T0 + timedelta(days=1)
    items["NEW"] = T0 + timedelta(days=2)
    again, _ = walk_all(FakeList(items), KeysetWalk(cursor=walk.cursor), size=20)
    assert again == ["R0007", "NEW"]


def test_run_accounting_and_checkpoint():
    run = SyncRun.start("r1", SyncMode.FULL, checkpoint=SyncCursor(T0, "X"))
    assert run.cursor is None  # full: from the beginning, whatever the checkpoint
    run = run.after_page(keys=[(T0, "A"), (T0, "B")], page_full=True, outcomes=[SyncOutcome.CREATED] * 2,
                         quarantined=1, skipped_own=1, pod_total=7)
    run = run.skip_page("page 1: malformed XML")
    assert run.page == 2 and run.skipped_pages == (1,) and run.errors == ("page 1: malformed XML",)
    run = run.after_page(keys=[(T0 + timedelta(1), "C")], page_full=False, outcomes=[SyncOutcome.CLOSED],
                         quarantined=0, skipped_own=0, pod_total=99)
    assert run.exhausted and run.page == 1 and run.pod_total == 7
    assert (run.counts.created, run.counts.closed, run.counts.quarantined, run.counts.skipped_own,
            run.counts.pages, run.counts.seen) == (2, 1, 1, 1, 2, 5)
    done = run.completed()
    assert done.status is RunStatus.COMPLETED and done.finished
    checkpoint = SyncCheckpoint().after(done)
    assert checkpoint.cursor == SyncCursor(T0 + timedelta(1), "C") and checkpoint.last_run_id == "r1"
    older = SyncRun.start("r2", SyncMode.INCREMENTAL, checkpoint=None).failed("POD unavailable")
    assert checkpoint.after(older).cursor == checkpoint.cursor  # never moves back
    incremental = SyncRun.start("r3", SyncMode.INCREMENTAL, checkpoint.cursor)
    assert incremental.next_request().modified_since == T0 + timedelta(1)


PROFILE_XML = """<profile><reference>TRDE20250301002</reference><type>TR</type><status>published</status>
<title>Recycling  of composite blades</title><summary>Looking for a partner.</summary>
<description>First paragraph.

Second   paragraph.</description><advantagesAndInnovations>Less waste</advantagesAndInnovations>
<stageOfDevelopment>Under development</stageOfDevelopment><iprStatus>Secret know-how</iprStatus>
<technologyKeywords><keyword code="01003008">Lasers</keyword></technologyKeywords>
<marketKeywords><keyword code="01002003">Energy</keyword></marketKeywords>
<naceCodes><nace code="C28.1">Machinery</nace></naceCodes>
<partnershipTypes><partnershipType>Research and development cooperation agreement</partnershipType></partnershipTypes>
<partnerSought><type>University</type><size>&gt;500</size><role>Tests</role></partnerSought>
<client><type>Industry</type><size>50-249</size></client><country>DE</country><publishedAt>2025-03-01</publishedAt>
<lastUpdate>2025-03-02T10:00:00.250Z</lastUpdate><deadline>2026-03-01</deadline></profile>"""


def page(*profiles: str, total: int | None = None) -> bytes:
    return f'<profiles page="1" pageSize="100" total="{total or len(profiles)}">{"".join(profiles)}</profiles>'.encode()


def test_a_pod_profile_is_read_whole():
    [entry] = pod_wire.read_profiles_page(page(PROFILE_XML)).entries
    p = entry.profile
    assert entry.problem is None and entry.last_update == datetime(2025, 3, 2, 10, 0, 0, 250000, tzinfo=UTC)
    assert (p.reference, p.type, p.title, p.country, p.deadline) == (
        "TRDE20250301002", PodType.TECHNOLOGY_REQUEST, "Recycling of composite blades", "DE", date(2026, 3, 1))
    assert p.description == "First paragraph.\n\nSecond paragraph."
    assert (p.partner_sought.type, p.partner_sought.size, p.partner_role) == ("University", ">500", "Tests")
    assert p.technology_keywords == ("01003008",) and p.nace_codes == ("C28.1",)
    assert "Stage of development: Under development" in p.platform_description()


@pytest.mark.parametrize(("change", "problem"), [
    (("<type>TR</type>", "<type>XX</type>"), "'XX' is not a valid PodType"),
    (("<title>Recycling  of composite blades</title>", "<title> </title>"), "no title"),
    (("<deadline>2026-03-01</deadline>", "<deadline>31/02/2026</deadline>"), "deadline '31/02/2026'"),
    (("<country>DE</country>", "<country>Germany</country>"), "not a 2-letter country"),
    (("<reference>TRDE20250301002</reference>", "<reference>TODE20250301002</reference>"), "is a TO profile"),
    (("<lastUpdate>2025-03-02T10:00:00.250Z</lastUpdate>", "<lastUpdate>yesterday</lastUpdate>"), "not a time"),
])
def test_one_bad_profile_is_a_problem_entry_not_a_failed_page(change, problem):
    bad = PROFILE_XML.replace(*change)
    good = PROFILE_XML.replace("TRDE20250301002", "TRDE20250301003")
    entries = pod_wire.read_profiles_page(page(bad, good)).entries
    assert entries[0].profile is None and problem in entries[0].problem and entries[0].excerpt.startswith("<profile>")
    assert entries[1].profile is not None


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><profiles total="1"><profile><title>&lol3;</title></profile></profiles>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<profiles total="1"><profile><title>&xxe;</title></profile></profiles>"""


@pytest.mark.parametrize("body", [BOMB, EXTERNAL])
def test_hostile_xml_is_refused_without_expanding_anything(body):
    with pytest.raises(UnreadableDocument) as refused:
        pod_wire.read_profiles_page(body)
    assert refused.value.hostile and "hostile" in refused.value.reason


@pytest.mark.parametrize("body", [page(PROFILE_XML)[:400], b"<profiles total='1'><profile></profiles>", b""])
def test_truncated_or_malformed_xml_is_unreadable_but_not_hostile(body):
    with pytest.raises(UnreadableDocument) as refused:
        pod_wire.read_profiles_page(body)
    assert not refused.value.hostile


def test_a_draft_renders_every_field_and_escapes_text():
    draft = PodDraft(type=PodType.BUSINESS_OFFER, title="Gears & <bearings>", summary="S", description="D\n\nE",
                     technology_keywords=("01003",), market_keywords=("01002003",), nace_codes=("28",),
                     country="IT", deadline=date(2027, 5, 1))
    root = pod_wire.parse_document(pod_wire.render_draft(draft))
    assert root.findtext("title") == "Gears & <bearings>" and root.findtext("type") == "BO"
    assert root.findtext("description") == "D\n\nE" and root.findtext("deadline") == "2027-05-01"
    assert [k.get("code") for k in root.findall("technologyKeywords/keyword")] == ["01003"]
    assert [k.get("code") for k in root.findall("naceCodes/nace")] == ["28"]

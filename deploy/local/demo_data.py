"""Load demo users, communities (of every access type, with a sub-community) and their
content, and proposals, into a running platform, through the gateway like any client.

Safe to run twice: existing users are signed in, existing communities are found (by name,
as their owner) and their content is left as it is, platform-wide content is found by
title. A step the platform refuses (a capability not deployed yet, a rule) is reported on
stderr and the rest goes on; the exit status is 1 only when the demo users cannot be made.

The Region's news desk (`regione@demo.example`) needs the platform operator role: granted
with the profiles CLI as ops would (`python -m profiles.cli grant-role EMAIL platform_operator`,
with MONGO_URL of the running platform, MONGO_DB=profiles), unless --no-operator.

    python deploy/local/demo_data.py --gateway http://127.0.0.1:8080
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-password-2026"
OPERATOR = "regione@demo.example"
USERS = [  # (email, name, organisation, interests)
    ("alice@demo.example", "Alice Rossi", "Politecnico di Milano", ["s3:aerospace", "s3:advanced-manufacturing"]),
    ("bob@demo.example", "Bob Bianchi", "AgriTech Lombardia srl", ["s3:agrifood", "s3:eco-industry"]),
    ("carla@demo.example", "Carla Verdi", "Ospedale Niguarda", ["s3:life-sciences"]),
    ("dario@demo.example", "Dario Neri", "Comune di Bergamo", ["s3:smart-communities", "s3:sustainable-mobility"]),
    ("elena@demo.example", "Elena Gallo", "Cluster Lombardo Aerospazio", ["s3:aerospace"]),
    ("franco@demo.example", "Franco Conti", "Università di Pavia", ["s3:life-sciences", "s3:agrifood"]),
    (OPERATOR, "Regione Lombardia – redazione", "Regione Lombardia", ["s3:aerospace", "s3:agrifood",
                                                                      "s3:life-sciences"]),
]
# key: (owner, name, description, visibility, descriptors, parent key, members {email: role})
COMMUNITIES = {
    "farming": ("bob@demo.example", "Precision farming", "Sensors, data and robotics for agriculture.", "public",
                ["s3:agrifood"], None, {"franco@demo.example": "author", "dario@demo.example": "member"}),
    "aero": ("alice@demo.example", "Aerospace composites", "Lightweight structures and materials.", "public",
             ["s3:aerospace"], None, {"elena@demo.example": "moderator", "bob@demo.example": "member",
                                      "dario@demo.example": "member"}),
    "clinical": ("carla@demo.example", "Clinical research network", "Hospitals and labs running trials together.",
                 "private", ["s3:life-sciences"], None, {"franco@demo.example": "moderator",
                                                         "alice@demo.example": "member"}),
    "drones": ("alice@demo.example", "Composite drone airframes", ("A project group of the aerospace community: "
               "drone airframes in recycled composites."), "private", ["s3:aerospace"], "aero",
               {"elena@demo.example": "author", "bob@demo.example": "member"}),
    "steering": ("dario@demo.example", "S3 steering group", ("The Region's steering group for the smart "
                 "specialisation strategy."), "closed", ["s3:smart-communities"], None,
                 {"carla@demo.example": "moderator", "alice@demo.example": "member", "bob@demo.example": "member"}),
    "mobility": ("dario@demo.example", "Urban mobility pilots", ("Municipalities piloting shared mobility "
                 "(invitation only)."), "closed", ["s3:sustainable-mobility"], None,
                 {"elena@demo.example": "member"}),
}
PROPOSALS = [  # (owner, kind, title, summary, descriptors)
    ("bob@demo.example", "technology_request", "Low-power soil moisture sensing",
     "We look for a partner with LoRaWAN soil sensors for a 200-hectare pilot.", ["s3:agrifood"]),
    ("alice@demo.example", "technology_offer", "Thermoplastic composite wing ribs",
     "Automated fibre placement for thermoplastic ribs, TRL 6.", ["s3:aerospace", "s3:advanced-manufacturing"]),
    ("carla@demo.example", "research_request", "Partner for a digital-pathology trial",
     "Hospital seeks AI partner for a multi-centre digital pathology study.", ["s3:life-sciences"]),
    ("dario@demo.example", "business_request", "Shared e-cargo bikes for the old town",
     "The municipality seeks operators for last-mile deliveries.", ["s3:sustainable-mobility"]),
]


class Demo:
    """The platform's public API as the demo's users; every call reports what it could not do."""

    def __init__(self, gateway: str) -> None:
        self.gateway = gateway
        self.api = httpx.Client(base_url=f"{gateway}/api", timeout=60)
        self.auth: dict[str, dict[str, str]] = {}
        self.user_ids: dict[str, str] = {}
        self.problems = 0

    def call(self, who: str | None, method: str, path: str, what: str, *, ok: tuple[int, ...] = (200, 201, 204),
             quiet: tuple[int, ...] = (), **kwargs) -> httpx.Response | None:
        headers = {**(self.auth.get(who, {}) if who else {}), **kwargs.pop("headers", {})}
        try:
            response = self.api.request(method, f"/communities{path}" if path.startswith("/") else path,
                                        headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            self.problems += 1
            print(f"  ! {what}: {exc}", file=sys.stderr)
            return None
        if response.status_code in ok:
            return response
        if response.status_code not in quiet:
            self.problems += 1
            detail = response.text[:200].replace("\n", " ")
            print(f"  ! {what}: {response.status_code} {detail}", file=sys.stderr)
        return None

    # -- users ----------------------------------------------------------------------------------
    def sign_in(self, email: str) -> bool:
        session = self.api.post("/profiles/sessions", json={"email": email, "password": PASSWORD})
        if session.status_code != 200:
            print(f"cannot sign in {email}: {session.text}", file=sys.stderr)
            return False
        body = session.json()
        self.auth[email] = {"Authorization": f"Bearer {body['access_token']}"}
        self.user_ids[email] = body["user_id"]
        return True

    def users(self, grant_operator: bool) -> bool:
        for email, name, organisation, interests in USERS:
            registered = self.api.post("/profiles/users",
                                       json={"email": email, "password": PASSWORD, "display_name": name})
            if registered.status_code not in (201, 409) or not self.sign_in(email):
                print(f"cannot register {email}: {registered.text}", file=sys.stderr)
                return False
            auth = self.auth[email]
            etag = self.api.get("/profiles/me", headers=auth).headers["etag"]
            self.api.put("/profiles/me/profile", headers={**auth, "If-Match": etag}, json={
                "display_name": name, "organisation": organisation, "interests": interests,
                "competences": interests})
            print(f"user {email} ({name}, {organisation}) interests {', '.join(interests)}")
        if grant_operator:
            env = {**os.environ, "MONGO_DB": "profiles"}
            granted = subprocess.run([sys.executable, "-m", "profiles.cli", "grant-role", OPERATOR,
                                      "platform_operator"], env=env, cwd=ROOT, capture_output=True, text=True,
                                     check=False)
            if granted.returncode != 0:
                print(f"  ! granting {OPERATOR} the platform operator role: {granted.stderr.strip()[:200]}",
                      file=sys.stderr)
            self.sign_in(OPERATOR)  # a fresh token carries the role
        return True

    # -- communities ------------------------------------------------------------------------------
    def find_community(self, owner: str, name: str) -> str | None:
        found = self.call(owner, "GET", "/communities", f"look for {name!r}",
                          params={"mine": "true", "text": name, "limit": 50})
        for item in (found.json().get("items", []) if found is not None else []):
            if item["name"] == name:
                return item["id"]
        return None

    def community(self, key: str, ids: dict[str, str]) -> tuple[str | None, bool]:
        """Its id, and whether it was made now (its content is seeded only then)."""
        owner, name, description, visibility, descriptors, parent, _ = COMMUNITIES[key]
        existing = self.find_community(owner, name)
        if existing is not None:
            print(f"community {name!r} ({visibility}): exists")
            return existing, False
        body = {"name": name, "description": description, "visibility": visibility, "descriptors": descriptors}
        if parent is not None and parent in ids:
            body["parent_id"] = ids[parent]
        created = self.call(owner, "POST", "/communities", f"create {name!r}", json=body)
        if created is None and "parent_id" in body:  # sub-communities not deployed: a community of its own
            body.pop("parent_id")
            created = self.call(owner, "POST", "/communities", f"create {name!r} without its parent", json=body)
        if created is None:
            return None, False
        print(f"community {name!r} ({visibility}{', sub-community' if 'parent_id' in body else ''}): created")
        return created.json()["id"], True

    def add_members(self, key: str, community_id: str) -> None:
        owner, name, _, visibility, _, _, members = COMMUNITIES[key]
        base = f"/communities/{community_id}"
        for email, role in members.items():
            user_id = self.user_ids[email]
            if visibility == "closed":
                invited = self.call(owner, "POST", f"{base}/invitations", f"invite {email} to {name!r}",
                                    json={"user_id": user_id})
                if invited is None:
                    continue
                if self.call(email, "POST", f"/invitations/{invited.json()['id']}/accept",
                             f"{email} accepts the invitation to {name!r}") is None:
                    continue
            else:
                if self.call(email, "POST", f"{base}/members", f"{email} joins {name!r}") is None:
                    continue
                if visibility == "private" and self.call(owner, "POST", f"{base}/members/{user_id}/approve",
                                                         f"approve {email} in {name!r}") is None:
                    continue
            if role != "member":
                self.call(owner, "PUT", f"{base}/members/{user_id}/role", f"make {email} {role} of {name!r}",
                          json={"role": role})
        if visibility == "private":  # one request left waiting for the owner
            self.call("dario@demo.example", "POST", f"{base}/members", f"dario asks to join {name!r}", quiet=(409,))
        if visibility == "closed":  # one invitation left open
            self.call(owner, "POST", f"{base}/invitations", f"invite franco to {name!r}",
                      json={"user_id": self.user_ids["franco@demo.example"]}, quiet=(409,))

    # -- content ----------------------------------------------------------------------------------
    def mention(self, email: str, name: str) -> str:
        return f"@[{name}](user:{self.user_ids[email]})"

    def discussion(self, key: str, community_id: str) -> None:
        owner, name, *_rest, members = COMMUNITIES[key]
        base = f"/communities/{community_id}/posts"
        others = list(members)
        first = others[0]
        first_name = next(n for e, n, *_ in USERS if e == first)
        topic = self.call(owner, "POST", base, f"topic in {name!r}", json={
            "title": f"Welcome to {name}", "body": f"Introduce yourselves here. {self.mention(first, first_name)}, "
                                                  "could you start with **your current project**?"})
        if topic is None:
            return
        post_id = topic.json()["id"]
        reply = self.call(first, "POST", f"{base}/{post_id}/replies", f"reply in {name!r}",
                          json={"body": "Happy to: we are testing a pilot line this spring."})
        if reply is not None and len(others) > 1:
            self.call(others[1], "POST", f"{base}/{post_id}/replies", f"threaded reply in {name!r}",
                      json={"body": "Interested! Which partners do you still need?",
                            "parent_reply_id": reply.json()["id"]})
        self.call(owner, "POST", base, f"second topic in {name!r}", json={
            "title": "Calls for funding this quarter", "body": "Let us collect the open calls here.\n\n"
                                                              "- Horizon Europe cluster 4\n- Regional call *Innova*"})

    def news(self, key: str, community_id: str) -> None:
        owner, name, *_ = COMMUNITIES[key]
        base = f"/communities/{community_id}/news"
        now = datetime.now(UTC)
        self.call(owner, "POST", base, f"highlighted news in {name!r}", json={
            "title": f"{name}: kick-off meeting report", "summary": "What we agreed at the kick-off.",
            "body": "Thirty participants, four working groups. **Next steps** below.", "category": "event_report",
            "highlighted": True, "submit": True})
        self.call(owner, "POST", base, f"scheduled news in {name!r}", json={
            "title": f"{name}: call for pilot sites opens", "summary": "Applications open next week.",
            "body": "Sites may apply through the community.", "category": "call_for_funding",
            "publish_at": (now + timedelta(days=2)).isoformat(), "withdraw_at": (now + timedelta(days=60)).isoformat(),
            "submit": True})

    def documents(self, key: str, community_id: str) -> None:
        owner, name, *_ = COMMUNITIES[key]
        base = f"/communities/{community_id}"
        folder = self.call(owner, "POST", f"{base}/folders", f"folder in {name!r}", json={"name": "Minutes"})
        params = {"title": "Kick-off minutes"}
        if folder is not None:
            params["folder_id"] = folder.json()["id"]
        csv = "item,owner,due\nPilot line,Alice,2026-03-31\nPartner search,Bob,2026-04-15\n"
        document = self.call(owner, "POST", f"{base}/documents", f"document in {name!r}", params=params,
                             content=csv.encode(), headers={"X-Filename": "kickoff-minutes.csv"})
        if document is not None:
            self.call(owner, "POST", f"{base}/documents/{document.json()['id']}/versions",
                      f"second version in {name!r}", content=(csv + "Dissemination,Carla,2026-05-01\n").encode(),
                      headers={"X-Filename": "kickoff-minutes-v2.csv"})

    def events(self, key: str, community_id: str) -> None:
        owner, name, *_rest, members = COMMUNITIES[key]
        base = f"/communities/{community_id}/events"
        start = (datetime.now(UTC) + timedelta(days=14)).replace(hour=9, minute=30, second=0, microsecond=0)
        event = self.call(owner, "POST", base, f"event in {name!r}", json={
            "title": f"{name}: workshop", "description": "A hands-on morning. Seats are limited.",
            "starts_at": start.replace(tzinfo=None).isoformat(), "ends_at": (start + timedelta(hours=3)).replace(
                tzinfo=None).isoformat(), "time_zone": "Europe/Rome", "place": "Milano, Palazzo Lombardia",
            "capacity": 2})
        if event is None:
            return
        for email in [owner, *members][:3]:  # the third waits: the event is full
            self.call(email, "POST", f"{base}/{event.json()['id']}/registration", f"{email} registers in {name!r}",
                      quiet=(409,))

    def consultation(self, key: str, community_id: str | None) -> None:
        owner = OPERATOR if community_id is None else COMMUNITIES[key][0]
        where = "the platform" if community_id is None else repr(COMMUNITIES[key][1])
        base = "/consultations" if community_id is None else f"/communities/{community_id}/consultations"
        now = datetime.now(UTC)
        created = self.call(owner, "POST", base, f"consultation in {where}", json={
            "title": "Priorities of the 2027 work programme", "description": "Tell the Region what matters to you.",
            "opens_at": now.isoformat(), "closes_at": (now + timedelta(days=21)).isoformat(), "anonymous": False,
            "results_public_after_close": True, "publish": True, "questions": [
                {"id": "q1", "kind": "single_choice", "prompt": "Which area needs funding first?", "required": True,
                 "options": [{"id": "a", "label": "Research infrastructure"}, {"id": "b", "label": "Skills"},
                             {"id": "c", "label": "Pilot lines"}]},
                {"id": "q2", "kind": "scale", "prompt": "How useful were last year's calls?", "required": True},
                {"id": "q3", "kind": "long_text", "prompt": "Anything else?", "required": False}]})
        if created is None:
            return
        consultation_id = created.json()["id"]
        respondents = ([e for e, *_ in USERS if e != OPERATOR][:4] if community_id is None
                       else list(COMMUNITIES[key][6]))
        for index, email in enumerate(respondents):
            self.call(email, "PUT", f"{base}/{consultation_id}/response", f"{email} answers in {where}", json={
                "answers": {"q1": "abc"[index % 3], "q2": 3 + index % 3, "q3": "More calls for SMEs."}})

    def platform(self) -> None:
        """The Region's desk: platform-wide news (matched to interests) and a platform event."""
        if OPERATOR not in self.auth:
            return
        listed = self.call(OPERATOR, "GET", "/news", "platform news", params={"limit": 100})
        titles = {item["title"] for item in (listed.json().get("items", []) if listed is not None else [])}
        if "Regional call for aerospace pilots" not in titles:
            self.call(OPERATOR, "POST", "/news", "platform news", json={
                "title": "Regional call for aerospace pilots", "summary": "€4M for pilot lines in composites.",
                "body": "Applications until the end of March.", "category": "call_for_funding",
                "highlighted": True, "descriptors": ["s3:aerospace"], "submit": True})
            start = (datetime.now(UTC) + timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0)
            event = self.call(OPERATOR, "POST", "/events", "platform event", json={
                "title": "S3 annual forum", "description": "The Region presents the smart specialisation strategy.",
                "starts_at": start.replace(tzinfo=None).isoformat(),
                "ends_at": (start + timedelta(hours=6)).replace(tzinfo=None).isoformat(),
                "time_zone": "Europe/Rome", "place": "Milano, Auditorium Testori",
                "online_url": "https://example.org/s3-forum", "descriptors": ["s3:aerospace", "s3:agrifood"]})
            if event is not None:
                self.call("alice@demo.example", "POST", f"/events/{event.json()['id']}/registration",
                          "alice registers for the forum")
            self.consultation("platform", None)

    def moderation(self, key: str, community_id: str) -> None:
        """An off-topic post reported by two members: it waits in the moderators' queue."""
        owner, name, *_rest, members = COMMUNITIES[key]
        author = list(members)[-1]
        topic = self.call(author, "POST", f"/communities/{community_id}/posts", f"off-topic post in {name!r}",
                          json={"title": "Selling used tractors", "body": "Cheap, call me."})
        if topic is None:
            return
        post_id = topic.json()["id"]
        for reporter, words in ((owner, "An advert."), (next(iter(members)), "Not about precision farming.")):
            self.call(reporter, "POST", f"/communities/{community_id}/reports", f"report in {name!r}", json={
                "kind": "post", "content_id": post_id, "category": "off_topic", "text": words})

    def proposals(self) -> None:
        deadline = (date.today() + timedelta(days=120)).isoformat()
        for owner, kind, title, summary, descriptors in PROPOSALS:
            mine = self.api.get("/proposals/proposals", headers=self.auth[owner],
                                params={"owner": "me", "text": title}).json()
            if mine.get("items"):
                continue
            created = self.api.post("/proposals/proposals", headers=self.auth[owner], json={
                "kind": kind, "title": title, "summary": summary, "descriptors": descriptors, "deadline": deadline})
            print(f"proposal {title!r}: {created.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--no-operator", action="store_true", help="do not grant the news desk its operator role")
    args = parser.parse_args()
    demo = Demo(args.gateway)
    if not demo.users(grant_operator=not args.no_operator):
        return 1
    ids: dict[str, str] = {}
    for key in COMMUNITIES:  # parents first: the dict lists them before their sub-communities
        community_id, created = demo.community(key, ids)
        if community_id is None:
            continue
        ids[key] = community_id
        if not created:
            continue
        demo.add_members(key, community_id)
        demo.discussion(key, community_id)
        demo.news(key, community_id)
        demo.documents(key, community_id)
        demo.events(key, community_id)
        if key in ("clinical", "steering"):
            demo.consultation(key, community_id)
        if key == "farming":
            demo.moderation(key, community_id)
    demo.platform()
    demo.proposals()
    print(f"\nDemo users sign in with password {PASSWORD!r} (the Region's news desk: {OPERATOR}), e.g.\n"
          f"  curl -s {args.gateway}/api/profiles/sessions -H 'content-type: application/json' "
          f"-d '{{\"email\":\"alice@demo.example\",\"password\":\"{PASSWORD}\"}}'")
    if demo.problems:
        print(f"{demo.problems} demo steps were refused (see above); the rest is loaded.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load demo users, communities and proposals into a running platform, through the
gateway like any client. Safe to run twice: existing users are signed in, and
communities whose name is taken are skipped.

    python deploy/local/demo_data.py --gateway http://127.0.0.1:8080
"""
from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

import httpx

PASSWORD = "demo-password-2026"
USERS = [
    ("alice@demo.example", "Alice Rossi", "Politecnico di Milano", ["s3:aerospace", "s3:advanced-manufacturing"]),
    ("bob@demo.example", "Bob Bianchi", "AgriTech Lombardia srl", ["s3:agrifood", "s3:eco-industry"]),
    ("carla@demo.example", "Carla Verdi", "Ospedale Niguarda", ["s3:life-sciences"]),
    ("dario@demo.example", "Dario Neri", "Comune di Bergamo", ["s3:smart-communities", "s3:sustainable-mobility"]),
]
COMMUNITIES = [  # (owner, name, description, visibility, descriptors)
    ("bob@demo.example", "Precision farming", "Sensors, data and robotics for agriculture.", "public", ["s3:agrifood"]),
    ("alice@demo.example", "Aerospace composites", "Lightweight structures and materials.", "public", ["s3:aerospace"]),
    ("carla@demo.example", "Clinical research network", "Hospitals and labs running trials together.",
     "private", ["s3:life-sciences"]),
]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    args = parser.parse_args()
    api = httpx.Client(base_url=f"{args.gateway}/api", timeout=30)
    tokens: dict[str, dict[str, str]] = {}
    for email, name, organisation, interests in USERS:
        registered = api.post("/profiles/users", json={"email": email, "password": PASSWORD, "display_name": name})
        if registered.status_code not in (201, 409):
            print(f"cannot register {email}: {registered.text}", file=sys.stderr)
            return 1
        token = api.post("/profiles/sessions", json={"email": email, "password": PASSWORD}).json()["access_token"]
        auth = tokens[email] = {"Authorization": f"Bearer {token}"}
        etag = api.get("/profiles/me", headers=auth).headers["etag"]
        api.put("/profiles/me/profile", headers={**auth, "If-Match": etag}, json={
            "display_name": name, "organisation": organisation, "interests": interests, "competences": interests})
        print(f"user {email} ({name}, {organisation}) interests {', '.join(interests)}")
    for owner, name, description, visibility, descriptors in COMMUNITIES:
        created = api.post("/communities/communities", headers=tokens[owner], json={
            "name": name, "description": description, "visibility": visibility, "descriptors": descriptors})
        print(f"community {name!r}: {created.status_code}")
    deadline = (date.today() + timedelta(days=120)).isoformat()
    for owner, kind, title, summary, descriptors in PROPOSALS:
        mine = api.get("/proposals/proposals", headers=tokens[owner], params={"owner": "me", "text": title}).json()
        if mine.get("items"):
            continue
        created = api.post("/proposals/proposals", headers=tokens[owner], json={
            "kind": kind, "title": title, "summary": summary, "descriptors": descriptors, "deadline": deadline})
        print(f"proposal {title!r}: {created.status_code}")
    print(f"\nDemo users sign in with password {PASSWORD!r}, e.g.\n"
          f"  curl -s {args.gateway}/api/profiles/sessions -H 'content-type: application/json' "
          f"-d '{{\"email\":\"alice@demo.example\",\"password\":\"{PASSWORD}\"}}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Realistic, deterministic POD profiles: what the een-bridge meets in production, at any volume.

Profiles are composed from per-domain vocabularies (subjects, products, users, benefits) and
per-type templates, in English, with the values EEN uses for stage of development, IPR status,
partnership types and client/partner types and sizes. Keywords are EEN digit codes and POD-style
NACE codes, mostly ones our taxonomy knows; about one in ten is a code it does not know (some
under a known group, so the bridge can fall back to the group; some under no known root, so it
stays unmapped). Dates spread over the two years before `today`; a few profiles share a
lastUpdate, as a batch edit in the real POD does, which a cursor over (lastUpdate, reference)
must survive.

`malformed=N` adds N profiles that are well-formed but break one rule each (see MALFORMED_KINDS),
each with its own stable reference text so a consumer can report it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from contracts.taxonomy import load_taxonomy

from .model import ReferenceSequence, format_time

TYPE_WEIGHTS = {"TO": 45, "BO": 25, "TR": 12, "BR": 12, "RDR": 6}
STATUS_WEIGHTS = {"published": 90, "expired": 6, "withdrawn": 4}
UNKNOWN_KEYWORD_SHARE = 0.10
SHARED_LAST_UPDATE_SHARE = 0.02
DEADLINE_SHARE = 0.80
MAX_AGE_DAYS = 730

COUNTRIES = {  # EEN country codes (the POD writes UK, not GB) and adjectives; EU members weigh more.
    "AT": "Austrian", "BE": "Belgian", "BG": "Bulgarian", "HR": "Croatian", "CY": "Cypriot", "CZ": "Czech",
    "DK": "Danish", "EE": "Estonian", "FI": "Finnish", "FR": "French", "DE": "German", "GR": "Greek",
    "HU": "Hungarian", "IE": "Irish", "IT": "Italian", "LV": "Latvian", "LT": "Lithuanian", "LU": "Luxembourgish",
    "MT": "Maltese", "NL": "Dutch", "PL": "Polish", "PT": "Portuguese", "RO": "Romanian", "SK": "Slovak",
    "SI": "Slovenian", "ES": "Spanish", "SE": "Swedish",
    "NO": "Norwegian", "IS": "Icelandic", "CH": "Swiss", "UK": "British", "TR": "Turkish", "IL": "Israeli",
    "UA": "Ukrainian", "RS": "Serbian", "MK": "North Macedonian", "ME": "Montenegrin", "AL": "Albanian",
    "BA": "Bosnian", "MD": "Moldovan", "AM": "Armenian", "GE": "Georgian", "TN": "Tunisian", "JP": "Japanese",
    "KR": "Korean", "CA": "Canadian", "US": "American", "CN": "Chinese", "BR": "Brazilian", "IN": "Indian",
    "TW": "Taiwanese", "SG": "Singaporean", "CL": "Chilean", "MX": "Mexican",
}
EU_MEMBERS = 27

STAGES = ("Concept stage", "Under development / lab tested", "Prototype available for demonstration",
          "Available for demonstration", "Field tested / evaluated", "Already on the market")
IPR_STATUSES = ("Patent(s) applied for but not yet granted", "Patent(s) granted", "Secret know-how", "Copyright",
                "Design rights", "Exclusive rights", "Trade marks", "No IPR applied")
PARTNERSHIPS = {
    "TO": ("Commercial agreement with technical assistance", "License agreement", "Technical cooperation agreement",
           "Research and development cooperation agreement", "Joint venture agreement", "Financial agreement"),
    "TR": ("Commercial agreement with technical assistance", "Technical cooperation agreement",
           "License agreement", "Research and development cooperation agreement"),
    "BO": ("Commercial agency agreement", "Distribution services agreement", "Manufacturing agreement",
           "Joint venture agreement", "Franchise agreement", "Acquisition agreement"),
    "BR": ("Supplier agreement", "Outsourcing agreement", "Subcontracting", "Manufacturing agreement",
           "Services agreement"),
    "RDR": ("Research and development cooperation agreement", "Technical cooperation agreement"),
}
SIZES = ("1-10", "11-49", "50-249", "250-499", "500+")
ORGANISATIONS = {  # client type -> (how a summary names it, plausible sizes)
    "SME": ("SME", SIZES[:3]),
    "Industry": ("company", SIZES[2:]),
    "University": ("university", SIZES[3:]),
    "R&D Institution": ("research institute", SIZES[1:4]),
}
CLIENT_TYPE_WEIGHTS = {
    "TO": {"SME": 45, "Industry": 20, "University": 20, "R&D Institution": 15},
    "TR": {"SME": 50, "Industry": 40, "University": 5, "R&D Institution": 5},
    "BO": {"SME": 70, "Industry": 30},
    "BR": {"SME": 65, "Industry": 35},
    "RDR": {"SME": 15, "Industry": 10, "University": 45, "R&D Institution": 30},
}
CALLS = ("Horizon Europe Cluster 4 (Digital, Industry and Space)", "Horizon Europe Cluster 5 (Climate, Energy and "
         "Mobility)", "Horizon Europe Cluster 6 (Food, Bioeconomy)", "Eureka Eurostars", "the LIFE programme",
         "EIC Pathfinder", "Interreg Europe", "Digital Europe")

# EEN-style keywords our taxonomy does not define (checked against it at load time).
UNKNOWN_TECH = (("13001001", "Quantum sensing"), ("13002001", "Neuromorphic computing"),
                ("14001003", "Marine robotics"), ("02001099", "Smart factory orchestration"),
                ("05002099", "Cellular agriculture"), ("07001099", "Digital therapeutics"))
UNKNOWN_MARKET = (("12001001", "Space tourism"), ("12002004", "Creator economy platforms"),
                  ("08002099", "Alternative proteins"), ("06001099", "Agrivoltaics"))
NACE_GROUPS = {  # a few NACE Rev. 2 groups, as POD profiles often cite them ("C28.1")
    "01": ("01.1", "Growing of non-perennial crops"), "10": ("10.5", "Manufacture of dairy products"),
    "20": ("20.1", "Manufacture of basic chemicals, fertilisers and nitrogen compounds"),
    "21": ("21.2", "Manufacture of pharmaceutical preparations"),
    "26": ("26.5", "Manufacture of instruments and appliances for measuring, testing and navigation"),
    "27": ("27.2", "Manufacture of batteries and accumulators"),
    "28": ("28.1", "Manufacture of general-purpose machinery"),
    "29": ("29.3", "Manufacture of parts and accessories for motor vehicles"),
    "35": ("35.1", "Electric power generation, transmission and distribution"), "38": ("38.3", "Materials recovery"),
    "41": ("41.2", "Construction of residential and non-residential buildings"),
    "62": ("62.0", "Computer programming, consultancy and related activities"),
    "71": ("71.1", "Architectural and engineering activities and related technical consultancy"),
    "72": ("72.1", "Research and experimental development on natural sciences and engineering"),
}


@dataclass(frozen=True)
class Domain:
    name: str
    tech_groups: tuple[str, ...]    # EEN technology groups (5 digits); profiles cite their leaves
    market_groups: tuple[str, ...]  # EEN market groups
    nace_divisions: tuple[str, ...]
    subjects: tuple[tuple[str, str], ...]  # what a technology profile is about, and what it does better
    products: tuple[str, ...]       # what a business profile trades
    users: tuple[str, ...]          # who would use or buy it
    benefits: tuple[str, ...]       # what any subject of the domain may also claim ("it ...")


DOMAINS = (
    Domain("advanced manufacturing", ("02001", "10001", "10002"), ("04001",), ("25", "28", "33"),
           (("laser-assisted machining process for hardened steels", "doubles tool life on hardened steels"),
            ("modular collaborative robot cell", "can be redeployed to a new task in under an hour"),
            ("AI-based visual inspection system for production lines", "detects surface defects down to 0.1 mm"),
            ("retrofit kit that turns legacy machine tools into connected assets",
             "connects machines of any brand to the factory network"),
            ("predictive maintenance platform for CNC machines", "warns of spindle failures weeks in advance"),
            ("metal additive manufacturing process for lattice structures", "cuts part weight by up to 60%")),
           ("precision-machined components", "custom industrial automation solutions",
            "hydraulic and pneumatic cylinders", "turned and milled parts in small and medium batches"),
           ("automotive suppliers", "machine builders", "aerospace component manufacturers", "contract manufacturers"),
           ("fits existing lines without downtime", "reduces scrap", "lowers the energy used per part")),
    Domain("agrifood", ("05001", "05002", "05003"), ("08001", "08002"), ("01", "03", "10", "11"),
           (("precision irrigation system driven by soil-moisture sensors", "saves up to 30% of irrigation water"),
            ("natural preservative based on fermented plant extracts",
             "extends shelf life by two weeks without synthetic additives"),
            ("plant-based protein texturisation process", "gives a meat-like texture without additives"),
            ("low-cost sensor for the early detection of crop diseases", "spots fungal infections before symptoms"),
            ("recirculating aquaculture system with minimal water exchange", "reuses over 95% of its water")),
           ("organic olive oil and preserves", "craft beers", "freeze-dried fruit snacks", "aged cheeses",
            "gluten-free bakery products"),
           ("food processors", "fruit and vegetable growers", "dairy cooperatives", "retail chains"),
           ("meets organic certification requirements", "is affordable for small farms", "reduces food waste")),
    Domain("life sciences", ("06001", "07001", "07002", "07004"), ("05001", "05002"), ("21", "26", "72", "86"),
           (("point-of-care diagnostic test for sepsis biomarkers", "gives results in under 20 minutes"),
            ("biodegradable scaffold for bone regeneration", "is fully resorbed within a year"),
            ("monoclonal antibody platform for autoimmune diseases", "has shown strong efficacy in animal models"),
            ("wearable ECG patch with cloud analytics", "records continuously for two weeks"),
            ("drug delivery system based on lipid nanoparticles", "halves the dose needed")),
           ("single-use medical consumables", "dietary supplements", "laboratory reagents"),
           ("hospitals", "pharmaceutical companies", "contract research organisations",
            "medical device manufacturers"),
           ("fits standard clinical workflows", "is protected by a broad patent family", "lowers treatment costs")),
    Domain("energy", ("03001", "03002", "03003", "03005"), ("06001", "06002", "06003"), ("27", "35", "43"),
           (("bifacial solar module with integrated micro-inverters", "raises yield by 15% on the same roof area"),
            ("second-life battery storage system", "costs 40% less than new battery storage"),
            ("high-temperature heat pump for industrial processes", "delivers process heat up to 150 °C"),
            ("small-scale electrolyser for green hydrogen", "runs directly on fluctuating solar power"),
            ("energy management software for commercial buildings", "cuts energy bills by up to 25%")),
           ("photovoltaic mounting systems", "LED lighting solutions", "heat recovery units"),
           ("utilities", "energy service companies", "energy-intensive industries", "building owners"),
           ("pays back in less than four years", "reduces CO2 emissions", "works with existing grid connections")),
    Domain("mobility", ("02004", "09001"), ("09001", "09003", "09005"), ("29", "30", "49", "52"),
           (("lightweight battery housing for electric vehicles", "cuts housing weight by 20%"),
            ("fleet telematics platform with predictive routing", "reduces fuel use by 12%"),
            ("condition monitoring system for railway bogies", "reduces unplanned downtime by a third"),
            ("smart charging controller for electric bus depots", "avoids costly grid upgrades"),
            ("autonomous guided vehicle for intralogistics", "navigates without floor markers")),
           ("vehicle wiring harnesses", "remanufactured spare parts for trucks", "last-mile delivery services"),
           ("fleet operators", "rail operators", "logistics companies", "vehicle manufacturers"),
           ("meets the relevant EN and ISO standards", "integrates with common fleet systems", "lowers running costs")),
    Domain("ICT", ("01002", "01003", "01004"), ("01002", "01003", "03001"), ("58", "61", "62", "63"),
           (("privacy-preserving federated learning framework", "trains models without moving personal data"),
            ("low-code platform for industrial IoT applications", "lets engineers build apps without coding"),
            ("blockchain-based traceability service", "proves the origin of every batch"),
            ("natural language processing engine for customer support", "answers 70% of requests automatically"),
            ("cyber security monitoring service for SMEs", "detects intrusions within minutes")),
           ("ERP software for small manufacturers", "mobile apps", "managed cloud services"),
           ("SMEs", "public administrations", "retailers", "manufacturers"),
           ("complies with the GDPR", "can be deployed in a day", "scales to millions of users")),
    Domain("materials", ("02002", "02003", "08001"), ("04002", "04003"), ("20", "22", "23", "24"),
           (("bio-based resin for fibre-reinforced composites", "halves the curing time"),
            ("self-healing coating for steel structures", "doubles corrosion resistance in salt-spray tests"),
            ("graphene-enhanced conductive ink", "prints conductive tracks on paper and textiles"),
            ("recycled carbon fibre nonwoven", "costs a third of virgin carbon fibre"),
            ("low-temperature ceramic sintering process", "sinters at 300 °C below current processes")),
           ("technical plastic compounds", "industrial adhesives", "aluminium extrusions"),
           ("composite part manufacturers", "coating applicators", "electronics manufacturers", "boat builders"),
           ("processes on standard equipment", "uses recycled raw materials", "meets REACH requirements")),
    Domain("creative industries", ("01005", "12001", "12003"), ("10001", "10002", "10005"), ("14", "31", "59", "90"),
           (("volumetric video capture system", "captures performers in 3D with only eight cameras"),
            ("digital twin of historic buildings for virtual visits", "opens closed sites to remote visitors"),
            ("AI-assisted colour grading tool", "cuts post-production time by half"),
            ("generative design tool for furniture", "turns a sketch into a manufacturable design")),
           ("handmade designer furniture", "sustainable fashion collections", "animated content for children"),
           ("museums", "broadcasters", "game studios", "interior designers"),
           ("runs on consumer hardware", "is easy to learn", "reaches new audiences")),
    Domain("construction", ("02005", "03003"), ("04004",), ("41", "42", "43", "71"),
           (("prefabricated timber-frame wall system", "halves on-site assembly time"),
            ("BIM-based clash detection service", "finds design conflicts before construction starts"),
            ("low-carbon concrete mix with recycled aggregates", "lowers embodied carbon by 40%"),
            ("moisture sensing system for building envelopes", "detects leaks before damage is visible")),
           ("insulation panels", "ceramic tiles", "energy-efficient windows and doors"),
           ("construction companies", "architects", "facility managers", "public housing bodies"),
           ("meets passive house standards", "complies with the Eurocodes", "shortens building schedules")),
    Domain("environment", ("04001", "04002", "04003", "04005"), ("07001", "07002", "07003"), ("36", "37", "38", "39"),
           (("membrane bioreactor for decentralised wastewater treatment", "meets water reuse limits on site"),
            ("sorting line for mixed plastic waste using hyperspectral imaging", "recovers 95% of the target polymers"),
            ("air quality monitoring network with low-cost sensors", "maps pollution street by street"),
            ("phytoremediation process for contaminated soils", "cleans soils without excavation")),
           ("water filtration units", "industrial composting equipment", "recycled plastic granulates"),
           ("municipalities", "waste management companies", "water utilities", "industrial parks"),
           ("needs no chemicals", "runs off-grid on solar power", "cuts operating costs")),
    Domain("aerospace", ("09001", "09002"), ("09002",), ("30", "51"),
           (("attitude control system for CubeSats", "is qualified for low Earth orbit"),
            ("morphing wing flap actuator", "reduces drag by 5% in cruise"),
            ("thermal protection coating for reusable launchers", "survives repeated re-entries"),
            ("drone-based inspection service for aircraft", "shortens inspections from hours to minutes")),
           ("machined titanium aircraft parts", "composite cabin interior panels"),
           ("aircraft manufacturers", "satellite integrators", "maintenance, repair and overhaul providers"),
           ("weighs less than current solutions", "meets EN 9100 requirements", "lowers maintenance costs")),
)


TEMPLATES = {  # type -> (titles, summary, a sentence of the description, partner sought role)
    "TO": (("{Subject} available for licensing", "{Subject} for {user}", "{Adj} {org} offers {a_subject}",
            "Innovative {subject} seeking industrial partners"),
           "{A_adj} {org} has developed {a_subject} that {benefit}. It is looking for {user} interested in "
           "{a_partnership}.",
           "Pilots with {user} have confirmed the results and the {org} now wants to bring it to new markets.",
           "Partners sought are {user} that want to integrate the technology into their products or processes."),
    "TR": (("{Adj} {org} seeks {a_subject}", "Technology sought: {subject} for {user}",
            "{Subject} wanted by {a_adj} {org}"),
           "{A_adj} {org} active in {domain} is looking for {a_subject} that {benefit}. Partners are sought for "
           "{a_partnership}.",
           "Today it relies on manual or outdated solutions and wants a partner able to adapt, install and "
           "support the technology.",
           "The partner sought is a technology provider able to adapt, install and maintain the solution and to "
           "train staff."),
    "BO": (("{Adj} manufacturer of {product} is looking for distributors",
            "{Adj} producer of {product} offers manufacturing agreements",
            "{Adj} {org} offering {product} seeks commercial agents"),
           "{A_adj} {org} producing {product} wants to grow abroad and seeks partners among {user} under "
           "{a_partnership}.",
           "It already sells in {count} countries and wants to strengthen its presence in new markets.",
           "The partner should be an established distributor or agent with a network among {user}."),
    "BR": (("{Adj} distributor seeks suppliers of {product}",
            "{Adj} {org} is looking for manufacturers of {product} under an outsourcing agreement"),
           "{A_adj} {org} serving {user} is looking for reliable suppliers of {product} under "
           "{a_partnership}.",
           "It expects to place regular orders and wants a long-term relationship with its suppliers.",
           "The partner should be a manufacturer able to supply {product} in regular volumes with consistent "
           "quality."),
    "RDR": (("Partners sought for an R&D project on {subject} under {call}", "{Adj} {org} seeks partners to "
             "develop {a_subject}"),
            "{A_adj} {org} is preparing a proposal for {call} on {a_subject} and seeks partners with expertise in "
            "{expertise}.",
            "The consortium already has partners from {count} countries and the call closes within months.",
            "Partners should bring expertise in {expertise} and be ready to lead a work package."),
}
BUSINESS_ADVANTAGES = ("competitive prices thanks to in-house production", "a certified quality system (ISO 9001)",
                       "short delivery times across Europe", "flexible order volumes", "a range that can be customised")
INNOVATIONS = ("The know-how behind it comes from several years of in-house research.",
               "It combines proven components in a new way, which keeps its cost low.",
               "No comparable solution is on the market today.", "It has been validated in an industrial environment.")
PARTNER_TYPES = {"TO": ("Industry", "SME"), "TR": ("Industry", "SME", "R&D Institution"), "BO": ("SME", "Industry"),
                 "BR": ("Industry", "SME"), "RDR": ("University", "R&D Institution", "SME")}

Keyword = tuple[str, str]  # (code, label)


@dataclass(frozen=True)
class _Vocabulary:
    """A domain's keywords, as codes the POD writes."""
    technology: tuple[Keyword, ...]
    market: tuple[Keyword, ...]
    nace: tuple[tuple[Keyword, ...], ...]  # per division: (division, section[, group])


@cache
def _vocabularies() -> tuple[dict[str, _Vocabulary], tuple[Keyword, ...], tuple[Keyword, ...]]:
    """Per-domain keywords from the shared taxonomy, and the unknown technology/market keywords."""
    taxonomy = load_taxonomy()

    def leaves(scheme: str, groups: tuple[str, ...]) -> tuple[Keyword, ...]:
        found = []
        for group in groups:
            children = taxonomy.children(f"{scheme}:{group}") or [taxonomy.get(f"{scheme}:{group}")]
            found += [(d.code.partition(":")[2], d.label) for d in children]
        return tuple(found)

    def nace(division: str) -> tuple[Keyword, ...]:
        descriptor = taxonomy.get(f"nace:{division}")
        section = taxonomy.get(descriptor.parent)
        letter = section.code.partition(":")[2]
        forms = [(f"{letter}{division}", descriptor.label), (letter, section.label)]
        if division in NACE_GROUPS:
            group, label = NACE_GROUPS[division]
            forms.append((f"{letter}{group}", label))
        return tuple(forms)

    def unknown(scheme: str, keywords: tuple[Keyword, ...]) -> tuple[Keyword, ...]:
        return tuple(k for k in keywords if f"{scheme}:{k[0]}" not in taxonomy)

    vocabularies = {d.name: _Vocabulary(leaves("een-tech", d.tech_groups), leaves("een-market", d.market_groups),
                                        tuple(nace(n) for n in d.nace_divisions)) for d in DOMAINS}
    return vocabularies, unknown("een-tech", UNKNOWN_TECH), unknown("een-market", UNKNOWN_MARKET)


def _article(words: str) -> str:
    return f"an {words}" if words[0] in "aeioAEIO" or words.startswith("SME") else f"a {words}"


def _agreement(partnership: str) -> str:
    """How a summary names a partnership type: "Subcontracting" -> "subcontracting agreement"."""
    partnership = partnership.lower()
    return partnership if "agreement" in partnership else f"{partnership} agreement"


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


class _Composer:
    """Draws one profile after another from a seeded random generator."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.midnight = datetime.combine(today, time(), UTC)
        self.references = ReferenceSequence()
        self.vocabularies, self.unknown_tech, self.unknown_market = _vocabularies()
        self.countries = tuple(COUNTRIES)
        self.country_weights = [3 if i < EU_MEMBERS else 1 for i in range(len(COUNTRIES))]
        self.previous_update: str | None = None

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(tuple(weights), tuple(weights.values()))[0]

    def profile(self) -> dict:
        rng = self.rng
        profile_type = self.pick(TYPE_WEIGHTS)
        country = rng.choices(self.countries, self.country_weights)[0]
        domain = rng.choice(DOMAINS)
        vocabulary = self.vocabularies[domain.name]
        client_type = self.pick(CLIENT_TYPE_WEIGHTS[profile_type])
        org, client_sizes = ORGANISATIONS[client_type]
        technology = self.keywords(vocabulary.technology, self.unknown_tech, 1, 4)
        published, last_update = self.dates()
        words = {
            "adj": COUNTRIES[country], "org": org, "domain": domain.name,
            "product": rng.choice(domain.products), "user": rng.choice(domain.users),
            "a_partnership": _article(_agreement(rng.choice(PARTNERSHIPS[profile_type]))),
            "call": rng.choice(CALLS), "expertise": technology[0]["label"].lower(), "count": rng.randint(3, 25),
        }
        words["subject"], words["benefit"] = rng.choice(domain.subjects)
        words["benefit2"] = rng.choice(domain.benefits)
        words.update(Adj=words["adj"], A_adj=_capitalised(_article(words["adj"])), a_adj=_article(words["adj"]),
                     Subject=_capitalised(words["subject"]), a_subject=_article(words["subject"]))
        titles, summary, context, role = TEMPLATES[profile_type]
        profile = {
            "reference": self.references.next(profile_type, country, published),
            "type": profile_type,
            "status": self.pick(STATUS_WEIGHTS),
            "title": _capitalised(rng.choice(titles).format(**words)),
            "summary": summary.format(**words),
            "description": self.description(profile_type, domain, words, context),
            "advantagesAndInnovations": self.advantages(profile_type, domain, words),
            "technologyKeywords": technology,
            "marketKeywords": self.keywords(vocabulary.market, self.unknown_market, 1, 3),
            "naceCodes": self.nace(vocabulary),
            "partnershipTypes": rng.sample(PARTNERSHIPS[profile_type], rng.randint(1, 2)),
            "partnerSought": {"type": rng.choice(PARTNER_TYPES[profile_type]), "size": rng.choice(SIZES),
                              "role": role.format(**words)},
            "client": {"type": client_type, "size": rng.choice(client_sizes)},
            "country": country,
            "publishedAt": published.isoformat(),
            "lastUpdate": last_update,
        }
        if profile_type in ("TO", "TR", "RDR"):
            profile["stageOfDevelopment"] = rng.choice(STAGES)
            profile["iprStatus"] = rng.choice(IPR_STATUSES)
        if rng.random() < DEADLINE_SHARE:
            profile["deadline"] = (published + timedelta(days=rng.randint(182, 730))).isoformat()
        return profile

    def description(self, profile_type: str, domain: Domain, words: dict, context: str) -> str:
        founded = self.today.year - self.rng.randint(3, 40)
        if profile_type in ("BO", "BR"):
            core = f"It trades {words['product']} and knows the needs of {words['user']} well."
        else:
            core = f"The {words['subject']} {words['benefit']} and {words['benefit2']}."
        return (f"The {words['org']}, founded in {founded}, works in the {domain.name} sector. {core} "
                f"{context.format(**words)}")

    def advantages(self, profile_type: str, domain: Domain, words: dict) -> str:
        if profile_type == "BO":
            first, second = self.rng.sample(BUSINESS_ADVANTAGES, 2)
            return f"The partnership offers {first} and {second}."
        if profile_type == "BR":
            return f"Suppliers gain regular orders and access to {words['user']} on the {words['adj']} market."
        return (f"Compared with existing solutions, the {words['subject']} {words['benefit2']}. "
                f"{self.rng.choice(INNOVATIONS)}")

    def keywords(self, known: tuple[Keyword, ...], unknown: tuple[Keyword, ...], least: int, most: int) -> list[dict]:
        chosen = {}
        for _ in range(self.rng.randint(least, most)):
            code, label = self.rng.choice(unknown if self.rng.random() < UNKNOWN_KEYWORD_SHARE else known)
            chosen[code] = label
        return [{"code": code, "label": label} for code, label in chosen.items()]

    def nace(self, vocabulary: _Vocabulary) -> list[dict]:
        """Mostly the division ("C28"), sometimes the group ("C28.1") or only the section ("C")."""
        forms = self.rng.choice(vocabulary.nace)
        roll = self.rng.random()
        code, label = forms[1] if roll < 0.15 else forms[2] if roll < 0.4 and len(forms) > 2 else forms[0]
        return [{"code": code, "label": label}]

    def dates(self) -> tuple[date, str]:
        """Published within two years; last updated since, mostly soon after; a few share the
        previous profile's lastUpdate."""
        if self.previous_update and self.rng.random() < SHARED_LAST_UPDATE_SHARE:
            shared = self.previous_update
            published = date.fromisoformat(shared[:10]) - timedelta(days=self.rng.randint(0, 30))
            return max(published, self.today - timedelta(days=MAX_AGE_DAYS)), shared
        published = self.today - timedelta(days=self.rng.randint(1, MAX_AGE_DAYS))
        start = datetime.combine(published, time(), UTC)
        span = (self.midnight - start).total_seconds()
        updated = start + timedelta(seconds=self.rng.random() ** 2 * span)
        self.previous_update = format_time(updated)
        return published, self.previous_update


@dataclass(frozen=True)
class MalformedKind:
    name: str
    field: str


MALFORMED_KINDS = (
    MalformedKind("reference not in POD format", "reference"),
    MalformedKind("reference type differs from type", "reference"),
    MalformedKind("unknown type", "type"),
    MalformedKind("empty title", "title"),
    MalformedKind("unparseable deadline", "deadline"),
    MalformedKind("country name instead of code", "country"),
    MalformedKind("unknown status", "status"),
)


def _break(profile: dict, kind: MalformedKind, index: int, composer: _Composer) -> dict:
    published = date.fromisoformat(profile["publishedAt"])
    other_type = next(t for t in TYPE_WEIGHTS if t != profile["type"])
    broken = {
        "reference not in POD format": f"{profile['type']}-{profile['country']}-{index + 1:04d}",
        "reference type differs from type": composer.references.next(other_type, profile["country"], published),
        "unknown type": "XX",
        "empty title": "",
        "unparseable deadline": "31/02/2026",
        "country name instead of code": "Italy",
        "unknown status": "archived",
    }[kind.name]
    return {**profile, kind.field: broken}


def generate_profiles(count: int, *, seed: int, malformed: int = 0, today: date | None = None) -> list[dict]:
    """`count` valid profiles then `malformed` broken ones (kinds in MALFORMED_KINDS order), in
    the JSON wire shape; the same arguments give the same profiles (`today` defaults to now)."""
    composer = _Composer(random.Random(seed), today or datetime.now(UTC).date())
    profiles = [composer.profile() for _ in range(count)]
    for index in range(malformed):
        kind = MALFORMED_KINDS[index % len(MALFORMED_KINDS)]
        profiles.append(_break(composer.profile(), kind, index, composer))
    return profiles

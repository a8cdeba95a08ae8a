"""A simulated EEN Partnering Opportunities Database (POD): the remote service the een-bridge
syncs from, implementing docs/pod-api.md, with realistic generated profiles and switchable
faults, for `make run`, the tests and the benchmarks.

    python -m podsim --port 8190 --profiles 300 --malformed 5 --seed 7 --username oi-bridge --password secret
"""
from __future__ import annotations

from .app import create_app
from .faults import Faults
from .generator import MALFORMED_KINDS, generate_profiles
from .store import PodStore

__all__ = ["MALFORMED_KINDS", "Faults", "PodStore", "create_app", "generate_profiles"]

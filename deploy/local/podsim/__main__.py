"""Run the simulated POD: `python -m podsim --port 8190 --profiles 300 --malformed 5 --seed 7
--username oi-bridge --password secret [--rate-limit N]`."""
from __future__ import annotations

import argparse
import os

import uvicorn

from .app import create_app
from .faults import Faults
from .generator import generate_profiles
from .store import PodStore


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m podsim", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--profiles", type=int, default=300, help="valid generated profiles")
    parser.add_argument("--malformed", type=int, default=5, help="generated profiles that break one rule each")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--username", default=os.environ.get("POD_USERNAME", "oi-bridge"))
    parser.add_argument("--password", default=os.environ.get("POD_PASSWORD", "secret"))
    parser.add_argument("--rate-limit", type=float, default=None, help="requests per second per credential")
    args = parser.parse_args(argv)

    store = PodStore(generate_profiles(args.profiles, seed=args.seed, malformed=args.malformed))
    app = create_app(store, username=args.username, password=args.password,
                     faults=Faults(rate_limit_per_second=args.rate_limit))
    print(f"podsim: {len(store)} profiles ({args.malformed} malformed, seed {args.seed}) on "
          f"http://{args.host}:{args.port} for {args.username!r}"
          f"{f', {args.rate_limit:g} req/s' if args.rate_limit else ''}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()

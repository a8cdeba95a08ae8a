"""Operator commands for the profiles service.

    python -m profiles.cli grant-role EMAIL ROLE     # member | platform_operator | een_operator
    python -m profiles.cli rotate-signing-key
"""
from __future__ import annotations

import argparse
import asyncio

from profiles.adapters.repository import ProfilesContext
from profiles.adapters.signing_keys import SigningKeys
from profiles.entrypoints.app import ProfilesSettings
from profiles.service_layer import commands, handlers
from servicekit.unit_of_work import UnitOfWork


async def _main(args: argparse.Namespace) -> None:
    from pymongo import AsyncMongoClient

    settings = ProfilesSettings()
    client = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        if args.command == "grant-role":
            uow = UnitOfWork(client, settings.database_name, source="/profiles", context=ProfilesContext)
            user = await uow.handle(handlers.grant_role, commands.GrantRole(email=args.email, role=args.role))
            print(f"{user.email}: roles {', '.join(user.roles)} (takes effect at next sign-in)")
        elif args.command == "rotate-signing-key":
            kid = await SigningKeys(client[settings.database_name]).rotate()
            print(f"new signing key {kid}")
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m profiles.cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    grant = sub.add_parser("grant-role")
    grant.add_argument("email")
    grant.add_argument("role")
    sub.add_parser("rotate-signing-key")
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()

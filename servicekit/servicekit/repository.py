"""The MongoDB side of a service's repositories: the session and collection plumbing that
every repository needs, written once.

A handler sees its service's *ports* (typing.Protocols beside the service layer). Each
service's adapters implement them on top of `MongoRepository`, and its `HandlerContext`
subclass (`servicekit.unit_of_work.HandlerContext`) hands them out for one transaction
together with `publish`."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from servicekit.exceptions import AlreadyExists, ConcurrentModification
from servicekit.unit_of_work import Transaction

T = TypeVar("T")

Document = dict[str, Any]
Filter = Mapping[str, Any]


class MongoRepository:
    """One collection, inside the caller's transaction. Subclasses name the collection and
    map documents to domain objects; storage facts leave as service exceptions
    (a taken unique key is AlreadyExists, a lost optimistic race ConcurrentModification)."""

    collection_name: ClassVar[str]

    def __init__(self, tx: Transaction) -> None:
        self._collection: AsyncCollection = tx.db[self.collection_name]
        self._session: AsyncClientSession = tx.session

    async def _insert(self, document: Document) -> None:
        try:
            await self._collection.insert_one(document, session=self._session)
        except DuplicateKeyError as exc:
            raise AlreadyExists(f"{self.collection_name} {document.get('_id')} already exists.") from exc

    async def _insert_many(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        try:
            await self._collection.insert_many(list(documents), session=self._session)
        except DuplicateKeyError as exc:
            raise AlreadyExists(f"A {self.collection_name} document already exists.") from exc

    async def _find_one(self, query: Filter, projection: Mapping[str, Any] | None = None,
                        **kwargs: Any) -> Document | None:
        return await self._collection.find_one(query, projection, session=self._session, **kwargs)

    async def _find_as(self, query: Filter, parse: Callable[[Document], T]) -> T | None:
        """The one document matching `query`, parsed into its domain object, or None."""
        doc = await self._find_one(query)
        return parse(doc) if doc else None

    async def _find(self, query: Filter, projection: Mapping[str, Any] | None = None, *,
                    sort: list[tuple[str, int]] | None = None, limit: int = 0) -> list[Document]:
        cursor = self._collection.find(query, projection, session=self._session, sort=sort, limit=limit)
        return await cursor.to_list()

    async def _exists(self, query: Filter) -> bool:
        return await self._find_one(query, {"_id": 1}) is not None

    async def _count(self, query: Filter) -> int:
        return await self._collection.count_documents(query, session=self._session)

    async def _update_one(self, query: Filter, update: Mapping[str, Any] | Sequence[Mapping[str, Any]], *,
                          upsert: bool = False) -> int:
        """The number of documents matched (1 or 0)."""
        try:
            result = await self._collection.update_one(query, update, upsert=upsert, session=self._session)
        except DuplicateKeyError as exc:
            raise AlreadyExists(f"A {self.collection_name} document already exists.") from exc
        return result.matched_count + (1 if result.upserted_id is not None else 0)

    async def _update_many(self, query: Filter, update: Mapping[str, Any]) -> int:
        result = await self._collection.update_many(query, update, session=self._session)
        return result.modified_count

    async def _replace(self, query: Filter, document: Document, *, upsert: bool = False) -> int:
        result = await self._collection.replace_one(query, document, upsert=upsert, session=self._session)
        return result.matched_count + (1 if result.upserted_id is not None else 0)

    async def _delete_many(self, query: Filter) -> int:
        result = await self._collection.delete_many(query, session=self._session)
        return result.deleted_count

    async def _replace_versioned(self, document: Document, *, previous_version: int | None = None) -> None:
        """Optimistic write: replace the document only if the stored version is the one the
        change started from (by default, the document's own version minus one)."""
        await replace_versioned(self._collection, document, session=self._session,
                                previous_version=previous_version)


async def replace_versioned(collection: AsyncCollection, document: Document, *,
                            session: AsyncClientSession | None, previous_version: int | None = None) -> None:
    expected = document["version"] - 1 if previous_version is None else previous_version
    result = await collection.replace_one({"_id": document["_id"], "version": expected}, document, session=session)
    if result.matched_count != 1:
        raise ConcurrentModification(str(document["_id"]))

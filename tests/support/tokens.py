"""A token issuer for integration tests of services other than profiles: a real
ES256 key pair and real signed JWTs, verified by the service's real TokenVerifier."""
from __future__ import annotations

import json

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from servicekit.auth import ROLE_MEMBER, TokenVerifier, issue_token
from servicekit.ids import new_id


class TestIssuer:
    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        self.kid = "test-" + new_id()
        self._pem = self._key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
        public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self._key.public_key()))
        public.update({"kid": self.kid, "alg": "ES256", "use": "sig"})
        self._jwk = jwt.PyJWK(public)

    async def lookup(self, kid: str) -> jwt.PyJWK | None:
        return self._jwk if kid == self.kid else None

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(self.lookup)

    def token(self, user_id: str, roles: list[str] | None = None, ttl_seconds: int = 900) -> str:
        return issue_token(self._pem, self.kid, user_id, roles or [ROLE_MEMBER], ttl_seconds)

    def headers(self, user_id: str, roles: list[str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id, roles)}"}

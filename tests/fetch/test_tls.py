"""The TLS context built ahead (fetch/tls.py): the same context httpx's own rules build, for
every source of trust; a prepared context is taken once and only for the environment it was
built in; the command line prepares one only for a run that may fetch.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path
from typing import Any

import pytest
import trustme

from citecheck.fetch import tls
from citecheck.fetch._httpx import httpx


def _trust(context: ssl.SSLContext) -> dict[str, Any]:
    """What a context trusts and demands."""
    return {
        "verify_mode": context.verify_mode,
        "check_hostname": context.check_hostname,
        "options": context.options,
        "minimum_version": context.minimum_version,
        "verify_flags": context.verify_flags,
        "stats": context.cert_store_stats(),
        "ca_certs": context.get_ca_certs(),
    }


@pytest.fixture
def ca_file(tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return str(path)


@pytest.mark.parametrize("source", ["certifi", "SSL_CERT_FILE", "SSL_CERT_DIR", "both"])
def test_build_follows_httpx_rules(
    source: str, ca_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    if source in ("SSL_CERT_FILE", "both"):
        monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    if source in ("SSL_CERT_DIR", "both"):
        monkeypatch.setenv("SSL_CERT_DIR", str(Path(ca_file).parent))
    reference = httpx.create_ssl_context(verify=True, trust_env=True)
    assert _trust(tls.build(None)) == _trust(reference)


def test_an_explicit_ca_file_wins(ca_file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    built = tls.build(ca_file)
    assert _trust(built) == _trust(ssl.create_default_context(cafile=ca_file))
    assert len(built.get_ca_certs()) == 1


def test_a_prepared_context_is_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    made: list[str | None] = []
    real = tls.build
    monkeypatch.setattr(tls, "build", lambda ca: made.append(ca) or real(ca))
    tls.prepare()
    tls.prepare()  # once
    first = tls.context(None)
    assert made == [None]
    second = tls.context(None)  # taken: a new one
    assert made == [None, None]
    assert first is not second
    assert _trust(first) == _trust(second)


def test_a_context_prepared_for_another_environment_is_not_taken(
    ca_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    tls.prepare()
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    taken = tls.context(None)
    assert len(taken.get_ca_certs()) == 1  # the test CA alone, not certifi's bundle
    tls.discard()


def test_discard_forgets_what_was_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str | None] = []
    real = tls.build
    tls.prepare()
    tls.discard()
    monkeypatch.setattr(tls, "build", lambda ca: made.append(ca) or real(ca))
    tls.context(None)
    assert made == [None]


def test_a_failure_reaches_the_taker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    tls.prepare()
    with pytest.raises(FileNotFoundError):
        tls.context(None)


def test_certifi_bundle_is_certifis_own() -> None:
    import certifi

    assert os.path.samefile(tls.certifi_bundle(), certifi.where())


def test_certifi_bundle_falls_back_to_certifi(monkeypatch: pytest.MonkeyPatch) -> None:
    import certifi

    monkeypatch.setattr(tls.os.path, "isfile", lambda path: False)
    assert tls.certifi_bundle() == certifi.where()

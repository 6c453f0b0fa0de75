"""The TLS context of a run, which the command line starts building in a thread at start-up:
loading the CA store (20–50 ms) releases the GIL, so it overlaps the imports and the parsing
that come before the first request. Without `prepare`, `context` simply builds one.
"""

from __future__ import annotations

import importlib.util
import os
import ssl
import threading
from concurrent.futures import Future

__all__ = ["build", "certifi_bundle", "context", "discard", "prepare"]

_Key = tuple[str | None, str | None, str | None]

_prepared: dict[_Key, Future[ssl.SSLContext]] = {}
_lock = threading.Lock()


def _key(ca_file: str | None) -> _Key:
    """What a context is built from: `ca_file` and the variables `build` reads."""
    return (ca_file, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def build(ca_file: str | None) -> ssl.SSLContext:
    """A context that trusts `ca_file` if given, else SSL_CERT_FILE, else SSL_CERT_DIR, else
    certifi's bundle: httpx's own rules (`httpx.create_ssl_context(verify=True,
    trust_env=True)`, which tests/fetch/test_tls.py holds this to), without importing httpx."""
    if ca_file is not None:
        return ssl.create_default_context(cafile=ca_file)
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    return ssl.create_default_context(cafile=certifi_bundle())


def certifi_bundle() -> str:
    """`certifi.where()`: the bundle beside certifi's package, found without importing certifi
    (its import loads importlib.resources, ~12 ms that would hold the GIL the imports of the
    main thread need); certifi itself answers for any other kind of installation."""
    spec = importlib.util.find_spec("certifi")
    if spec is not None and spec.origin is not None:
        bundle = os.path.join(os.path.dirname(spec.origin), "cacert.pem")
        if os.path.isfile(bundle):
            return bundle
    import certifi

    return certifi.where()


def prepare(ca_file: str | None = None) -> None:
    """Start building the context for `ca_file` in a daemon thread (once; `context` takes it)."""
    key = _key(ca_file)
    with _lock:
        if key in _prepared:
            return
        future: Future[ssl.SSLContext] = Future()
        _prepared[key] = future

    def run() -> None:
        try:
            future.set_result(build(ca_file))
        except BaseException as exc:  # handed to the taker, who raises it where it belongs
            future.set_exception(exc)

    threading.Thread(target=run, name="citecheck-tls", daemon=True).start()


def context(ca_file: str | None) -> ssl.SSLContext:
    """The context `prepare` started for `ca_file` and the same environment (waiting for it;
    each is taken once, so every client still gets a context of its own), else a new one."""
    with _lock:
        future = _prepared.pop(_key(ca_file), None)
    if future is None:
        return build(ca_file)
    return future.result()


def discard() -> None:
    """Forget the contexts prepared and not taken (a run that ended before fetching)."""
    with _lock:
        _prepared.clear()

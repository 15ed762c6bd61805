"""缓存: work keyed by content, so that a re-run of a month does again only what changed.

Everything is keyed by what it was computed from: a received file by its bytes' sha256 (and its name, which its
problems quote), the plan by plan.xlsx's sha256, and always the code that computed it (`CODE_VERSION`: the package
version and a hash of its source files, so a changed reader or check never serves an old result). Entries live in
`<workspace>/.taizhang-cache/`, are written atomically and are only an optimisation: a missing, truncated or
unreadable entry is ignored and the work is done again; deleting the folder is always safe.

The entries are pickles: the cache folder belongs to the office (like the history database), never to what units
send; received files are only ever read as data.
"""

from __future__ import annotations

import gc
import hashlib
import json
import pickle
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator import __version__
from generator.atomic import atomic_path

CACHE_DIR = ".taizhang-cache"


@cache
def code_version() -> str:
    """The package version and a hash of every source file of the package: a changed line invalidates the cache."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def key_of(*parts: object) -> str:
    """One hex key for the parts (strings, numbers, tuples of them) and the code version."""
    text = json.dumps([code_version(), *parts], ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class CacheStats:
    """What a run took from the cache and what it had to do (tests and the benchmark read it)."""

    hits: int = 0
    misses: int = 0
    skipped_outputs: list[str] = field(default_factory=list)  # outputs kept as they were: their inputs are unchanged
    written_outputs: list[str] = field(default_factory=list)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while many objects are made and none is freed (a pickle loaded, a batch of
    files read): it would rescan them again and again. Reference counting still frees everything; the collector
    resumes afterwards, if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ContentCache:
    """Pickled results under `.taizhang-cache/<kind>/<key>.pickle`; `get` returns None for anything unusable."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.stats = CacheStats()

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key}.pickle"

    def get(self, kind: str, key: str) -> object | None:
        # Unpickling a province's plan builds a million objects at once; the cyclic collector, left on, rescans
        # them again and again while they are made (10 s instead of 0.6 s for 90,000 tasks). None of them is garbage.
        try:
            with collector_paused(), self._path(kind, key).open("rb") as stream:
                value = pickle.load(stream)
        except Exception:  # missing, truncated, from another Python: do the work again
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return value

    def put(self, kind: str, key: str, value: object) -> None:
        """Store `value`; a cache that cannot be written (full disk, read-only folder) only costs time later."""
        try:
            with atomic_path(self._path(kind, key)) as tmp:
                with tmp.open("wb") as stream:
                    pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored (without reading it: `get` may still find it unusable)."""
        return self._path(kind, key).is_file()

    def put_pickled(self, kind: str, key: str, blob: bytes) -> None:
        """Store a value already pickled (by `put`'s protocol): `get` returns it unpickled."""
        try:
            with atomic_path(self._path(kind, key)) as tmp:
                tmp.write_bytes(blob)
        except OSError:
            pass

    def kind(self, kind: str) -> CachedKind:
        """The entries of one kind, as a store with get(key) and put(key, value), compressed, of which `prune` keeps
        only those used since the store was made."""
        return CachedKind(self, kind)

    # Outputs: a manifest maps each output's path to the key of its inputs and the size and mtime it had when it was
    # written, so that an output a clerk edited, replaced or deleted is written again.

    def _manifest_path(self, name: str) -> Path:
        return self.folder / f"outputs-{hashlib.sha256(name.encode()).hexdigest()[:16]}.json"

    def manifest(self, name: str) -> OutputManifest:
        return OutputManifest(self, self._manifest_path(name))


@dataclass
class CachedKind:
    """One kind of the cache's entries, compressed (行块: the annexes' row blocks, a hundred megabytes of XML at a
    province's scale, a tenth of that compressed). `prune` removes what the store did not use: the blocks of the
    annexes written last are kept for the next run (a resent ledger), those of earlier runs and versions go."""

    cache: ContentCache
    kind: str
    used: set[str] = field(default_factory=set)

    def get(self, key: str) -> object | None:
        packed = self.cache.get(self.kind, key)
        if not isinstance(packed, bytes):
            return None
        try:
            value = pickle.loads(zlib.decompress(packed))
        except Exception:  # damaged: done again
            return None
        self.used.add(key)
        return value

    def put(self, key: str, value: object) -> None:
        self.cache.put(self.kind, key, zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1))
        self.used.add(key)

    def prune(self) -> None:
        """Remove the entries of this kind that were neither read nor written through this store."""
        for path in (self.cache.folder / self.kind).glob("*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


class OutputManifest:
    """The keys of the outputs written into one folder (回执/, the month's folder)."""

    def __init__(self, cache: ContentCache, path: Path) -> None:
        self.cache = cache
        self.path = path
        try:
            loaded = json.loads(path.read_text("utf-8"))
            self.entries: dict[str, list] = loaded if isinstance(loaded, dict) else {}
        except Exception:
            self.entries = {}

    def up_to_date(self, output: Path, key: str) -> bool:
        entry = self.entries.get(str(output))  # the whole path: 督办通知/区农办.docx and 催报通知/区农办.docx differ
        try:
            info = output.stat()
        except OSError:
            return False
        fresh = entry == [key, info.st_size, info.st_mtime_ns]
        if fresh:
            self.cache.stats.skipped_outputs.append(output.name)
        return fresh

    def record(self, output: Path, key: str) -> None:
        try:
            info = output.stat()
        except OSError:
            self.entries.pop(str(output), None)
            return
        self.entries[str(output)] = [key, info.st_size, info.st_mtime_ns]
        self.cache.stats.written_outputs.append(output.name)

    def refresh(self, outputs: list[Path], key: str, write: Callable[[], object]) -> list[Path]:
        """`outputs` kept as they are when each was written from `key` and is untouched since; else `write()` (which
        writes them all) is called and they are recorded under `key`."""
        if not all(self.up_to_date(output, key) for output in outputs):
            write()
            for output in outputs:
                self.record(output, key)
        return outputs

    def forget_missing(self) -> None:
        self.entries = {name: e for name, e in self.entries.items() if Path(name).exists()}

    def save(self) -> None:
        try:
            with atomic_path(self.path) as tmp:
                tmp.write_text(json.dumps(self.entries, ensure_ascii=False), "utf-8")
        except OSError:
            pass


def unpickle(blob: bytes) -> object:
    """`pickle.loads`, with the cyclic collector paused while the objects are made (see ContentCache.get)."""
    with collector_paused():
        return pickle.loads(blob)


def cached_call(cache: ContentCache | None, kind: str, key: str, compute):  # type: ignore[no-untyped-def]
    """`compute()`, or its stored result for `key`."""
    if cache is None:
        return compute()
    value = cache.get(kind, key)
    if value is None:
        value = compute()
        cache.put(kind, key, value)
    return value

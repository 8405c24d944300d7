"""The run: corpus pages -> per-article stages (cached by page bytes + stage fingerprint, run by
an executor) -> the stage JSONL files, cells.jsonl and errors in OUT, streamed in page order."""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import storage
from ..classify.labels import unknown_articles
from ..config import MAX_PAGE_BYTES
from ..parse import dedupe
from ..parse.files import page_digest, page_files, sidecar_bytes, sidecar_of
from ..progress import progress
from ..records import Article, ErrorRow, from_dict
from . import codec, fingerprint
from .cache import Cache
from .executors import executor_for
from .tasks import STAGES, Settings, Task

log = logging.getLogger(__name__)

# The modules whose functions each per-article stage calls (engine.work glues them and is in
# every stage's fingerprint); the fingerprint follows their import closures.
STAGE_MODULES = {
    "parse": ("pipeline.parse.pages", "pipeline.parse.outline", "pipeline.parse.dedupe"),
    "segment": ("pipeline.text.segment",),
    "figures": ("pipeline.extract.figures", "pipeline.extract.figure_model"),
    "initiatives": ("pipeline.extract.initiatives", "pipeline.extract.initiative_model"),
    "features": ("pipeline.classify.cell_model",),
    "cells": ("pipeline.engine.decide",),
}
# The engine's own files every stage's output depends on: the step glue, the task records and
# the format outputs are stored in.
GLUE = ("work.py", "tasks.py", "codec.py")
# What each stage reads besides the page: a stage reruns when any of these does.
UPSTREAM = {"segment": ("parse",), "figures": ("segment",), "initiatives": ("segment",),
            "features": ("figures", "initiatives"), "cells": ("features",)}
# Where the decoded parse output of a cached article rides along with its cached bytes.
PARSED = "_parsed"
# Stages whose output only feeds a later stage (no OUT file streams it).
INPUT_ONLY = frozenset({"features"})
# The step after the per-article stages: the tables (written again when anything changed).
TABLES_MODULE = "pipeline.report.tables"
# Output files of the per-article stages, in OUT.
# OUT/<name>.jsonl streamed in page order, and the per-article stage each comes from.
STREAMS = {"sections": "parse", "sentences": "segment", "figures": "figures", "initiatives": "initiatives",
           "cells": "cells"}


@dataclass
class Summary:
    articles: int = 0
    errors: int = 0
    ran: Counter = field(default_factory=Counter)  # stage -> articles it ran for
    cached: Counter = field(default_factory=Counter)
    up_to_date: bool = False
    dropped: int = 0
    warnings: int = 0  # rows about pages that went on (a sidecar field left out)

    def line(self) -> str:
        parts = [f"{s} {self.ran[s]} run/{self.cached[s]} cached" for s in STAGES]
        return f"{self.articles} articles, {self.errors} errors; " + ", ".join(parts)


def stage_fingerprints(codebook: Path, labels: bytes = b"") -> dict[str, str]:
    glue = b"".join(fingerprint.source(Path(__file__).with_name(n)) for n in GLUE)
    out = {}
    for stage, modules in STAGE_MODULES.items():
        digest = hashlib.sha256(fingerprint.fingerprint(*modules).encode() + glue)
        if stage in ("features", "cells"):  # the item features read the codebook's names and terms
            digest.update(Path(codebook).read_bytes())
        if stage == "cells":  # the analyst's labels decide the cells they name
            digest.update(hashlib.sha256(labels).digest())
        out[stage] = digest.hexdigest()
    return out


def article_keys(page_digest: str, fps: dict[str, str], rel: str = "") -> dict[str, str]:
    """The cache key of each stage for one page: its fingerprint and the keys of its inputs
    (parse: the page's path too, which names the article)."""
    keys: dict[str, str] = {"parse": _h(fps["parse"], rel, page_digest)}
    for stage in STAGES[1:]:
        keys[stage] = _h(fps[stage], *(keys[u] for u in UPSTREAM[stage]))
    return keys


def _h(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _read(path: Path) -> tuple[bytes, bytes]:
    """A page's bytes and its sidecar's (b"" when it has none)."""
    return path.read_bytes(), sidecar_bytes(path)


def _sidecar_size(path: Path) -> int:
    """Bytes of a page's sidecar (0 when it has none, or its name is too long to exist)."""
    try:
        return sidecar_of(path).stat().st_size
    except OSError:
        return 0


def _pages(corpus: Path, *, max_bytes: int | None = None):
    """(rel, path, digest or None, reason) of every page, in sorted order; the bytes are read to
    hash them and let go (a page to parse is read again), so memory holds no corpus. A page is
    refused, with its reason, when it is a link to somewhere outside the corpus folder, larger
    than `max_bytes`, or unreadable."""
    max_bytes = MAX_PAGE_BYTES if max_bytes is None else max_bytes
    root = corpus.resolve()
    folders: dict[Path, Path] = {}  # folder -> its real path (resolved once per folder)
    for path in page_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        try:
            if path.parent not in folders:
                folders[path.parent] = path.parent.resolve()
            target = path.resolve() if path.is_symlink() else folders[path.parent] / path.name
            if not target.is_relative_to(root):
                yield rel, path, None, f"a link to {target}, outside the corpus folder: not followed"
                continue
            size = path.stat().st_size + _sidecar_size(path)
            if size > max_bytes:
                yield rel, path, None, f"too large: {size:,} bytes with its sidecar (the largest page accepted is {max_bytes:,}; config.MAX_PAGE_BYTES)"
                continue
            digest = page_digest(*_read(path))
        except OSError as exc:
            yield rel, path, None, f"cannot read: {exc}"
            continue
        yield rel, path, digest, ""


def run(corpus: Path, out: Path, *, settings: Settings, workers: int = 1,
        engine: str = "local", scheduler: str | None = None, until: str | None = None) -> Summary:
    """Run the per-article stages over `corpus` (up to `until`, default all, the cells included);
    write the stage files, articles.jsonl (reposts marked) and errors in OUT. Nothing is
    rewritten when nothing changed."""
    corpus, out = Path(corpus), Path(out)
    stages = STAGES[: STAGES.index(until) + 1] if until else STAGES
    labels_bytes = Path(settings.labels).read_bytes() if settings.labels else b""
    fps = stage_fingerprints(Path(settings.codebook), labels_bytes)
    summary = Summary()
    cache = Cache(out / "cache.sqlite")
    pages = list(_pages(corpus))
    keys = [article_keys(d, fps, rel) if d is not None else {} for rel, _, d, _ in pages]
    run_key = _h(*(k.get(s, "") for k in keys for s in stages), *(p[0] for p in pages), str(stages),
                 fingerprint.fingerprint(TABLES_MODULE))
    stamp = out / ".run_key"
    streams = [n for n, stage in STREAMS.items() if stage in stages]
    done = [out / "articles.jsonl", *(out / f"{n}.jsonl" for n in streams)]
    if stamp.exists() and stamp.read_text() == run_key and all(p.exists() for p in done) and \
            _all_cached(cache, keys, stages):
        cache.close()
        summary.up_to_date, summary.articles = True, sum(1 for k in keys if k)
        return summary
    tally, labels, label_errors = _decisions(settings) if "cells" in stages else (None, [], [])
    writers = {name: storage.JsonlWriter(out / f"{name}.jsonl") for name in streams}
    articles, signatures, errors = [], [], []
    with executor_for(engine, workers=workers, settings=settings, scheduler=scheduler) as ex:
        done = progress(ex.ordered(_tasks(pages, keys, stages, cache, summary)), desc="articles", total=len(pages))
        for (rel, _, digest, why), k, result in done:
            if digest is None or "unread" in result["cached"]:
                _error(errors, rel, "parse", why or result["cached"]["unread"])
                continue
            for stage, blob in result["new"].items():
                if stage in STAGES:
                    cache.put(stage, k[stage], blob)
            cache.tick()
            blobs = {**result["cached"], **result["new"]}
            if "error" in result["new"]:
                _error(errors, rel, *result["new"]["error"])
                continue
            parsed = blobs.pop(PARSED, None) or codec.decode("parse", blobs["parse"])
            if "error" in parsed:
                _error(errors, rel, "parse", parsed["error"])
                continue
            try:  # this page's own files: a failure is its row, never the run's end
                art = from_dict(Article, parsed["article"])
                signature = dedupe.Signature.from_dict(parsed["signature"])
                storage.write_if_changed(out / "texts" / f"{art.article_id}.txt", parsed["body"].encode("utf-8"))
            except Exception as exc:
                _error(errors, rel, "parse", f"{type(exc).__name__}: {exc}")
                continue
            for warning in parsed.get("warnings", ()):  # the article goes on; the row says what was left out
                _error(errors, rel, "parse", warning)
                summary.warnings += 1
            articles.append(art)
            signatures.append(signature)
            for name, writer in writers.items():
                if name == "sections":
                    writer.extend(parsed["sections"])
                else:  # the stored JSON Lines, copied unread
                    writer.write(codec.lines(blobs[STREAMS[name]]))
            if tally:
                tally.add(codec.decode("cells", blobs["cells"])["cells"])
    summary.articles, summary.errors = len(articles), len(errors) - summary.warnings
    for w in writers.values():
        w.commit()
    originals = dedupe.find_reposts(articles, signatures, lambda aid: _text(out, aid))
    storage.write_records(out / "articles.jsonl", [replace(a, duplicate_of=originals.get(a.article_id)) for a in articles])
    storage.write_records(out / "errors" / "parse.jsonl", errors)
    label_errors += unknown_articles(labels, articles, Path(settings.labels).name if settings.labels else "labels.csv")
    storage.write_records(out / "errors" / "classify.jsonl", label_errors)
    summary.dropped = cache.finish()
    cache.close()
    storage.write_text(stamp, run_key)
    if tally:
        tally.log()
    return summary


def _all_cached(cache: Cache, keys: list[dict], stages) -> bool:
    held = cache.keys()
    return all((s, k[s]) in held for k in keys if k for s in stages)


def _text(out: Path, article_id: str) -> str:
    """A body as this run wrote it to OUT/texts ("" if it cannot be read: then it matches nothing)."""
    try:
        return (out / "texts" / f"{article_id}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("repost check: cannot read the text of %s: %s", article_id, exc)
        return ""


def _decisions(settings: Settings):
    """The tally of this run's cells (with the review threshold of the stored models), the
    analyst's labels and the rows labels.csv could not use; loads the models, so only when cells are decided."""
    from ..classify.cell_model import load
    from ..classify.labels import load_labels
    from ..config import load_codebook
    from .decide import Tally

    codebook = load_codebook(Path(settings.codebook))
    models = load(Path(settings.models))
    labels, errors = load_labels(Path(settings.labels) if settings.labels else None, codebook)
    return Tally(max(models.review if models else 1.0, codebook.min_confidence)), labels, errors


def _error(errors: list[ErrorRow], rel: str, stage: str, why: str) -> None:
    log.warning("%s: %s", rel, why)
    errors.append(ErrorRow(rel, stage, why))


def _tasks(pages, keys, stages, cache: Cache, summary: Summary):
    """(page, keys, Task or None, cached outputs) per page, in order."""
    for page, k in zip(pages, keys):
        rel, path, digest, _ = page
        if digest is None:
            yield page, k, None, {}
            continue
        # The item features are read only to decide cells again; the other outputs are streamed.
        present, cached = cache.lookup({s: k[s] for s in stages}, skip=INPUT_ONLY)
        parsed = codec.decode("parse", cached["parse"]) if "parse" in cached else None
        if parsed is not None and "error" in parsed:
            need: tuple[str, ...] = ()
        else:
            need = tuple(s for s in stages if s not in present)
        raw = meta = None
        if "parse" in need:
            try:
                raw, meta = _read(path)
            except OSError as exc:
                yield page, k, None, {"unread": f"cannot read: {exc}"}
                continue
            if page_digest(raw, meta) != digest:
                yield page, k, None, {"unread": "changed while the run read it; run again"}
                continue
        if "cells" in need and "features" in present:
            cached.update(cache.lookup({"features": k["features"]})[1])
        for s in stages:
            (summary.ran if s in need else summary.cached)[s] += 1
        task = Task(rel, need, raw, meta, cached) if need else None
        yield page, k, task, {**cached, PARSED: parsed} if parsed is not None else cached

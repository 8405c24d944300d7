"""Stage fingerprints: the sources of a module's import closure inside `pipeline` plus the
config files those modules declare in `READS`; reads source files, writes nothing."""
from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = "pipeline"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
ROOT = PACKAGE_DIR.parent


def module_path(name: str) -> Path | None:
    """The source file of a `pipeline` module or package, or None when there is none."""
    if name == PACKAGE:
        return PACKAGE_DIR / "__init__.py"
    rel = Path(*name.split(".")[1:])
    for cand in (PACKAGE_DIR / rel.with_suffix(".py"), PACKAGE_DIR / rel / "__init__.py"):
        if cand.is_file():
            return cand
    return None


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def source(path: Path) -> bytes:
    """A module's source bytes (the one place fingerprints read code; tests replace it)."""
    return path.read_bytes()


@lru_cache(maxsize=None)
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def direct_imports(name: str) -> set[str]:
    """`pipeline` modules that module `name` imports anywhere in its body (function-level
    imports included, so lazy imports count), plus the packages that hold them."""
    path = module_path(name)
    if path is None:
        return set()
    package = _package_of(name, path)
    found: set[str] = set()
    for node in ast.walk(_parsed(path)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
    out = set()
    for mod in found:
        if mod == PACKAGE or mod.startswith(PACKAGE + "."):
            parts = mod.split(".")
            # A module brings in every package above it (their __init__ runs first).
            out.update(p for i in range(1, len(parts) + 1) if module_path(p := ".".join(parts[:i])))
    return out


@lru_cache(maxsize=None)
def closure(name: str) -> tuple[str, ...]:
    """Every `pipeline` module that importing `name` may run, sorted (`name` included)."""
    seen, todo = set(), [name]
    while todo:
        mod = todo.pop()
        if mod in seen or module_path(mod) is None:
            continue
        seen.add(mod)
        todo.extend(direct_imports(mod) - seen)
    return tuple(sorted(seen))


def declared_reads(name: str) -> tuple[str, ...]:
    """Config paths (relative to the project root) a module lists in its top-level `READS`."""
    path = module_path(name)
    for node in _parsed(path).body if path else ():
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "READS" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    return ()


def _file_bytes(path: Path) -> list[tuple[str, bytes]]:
    if path.is_dir():
        return [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in sorted(path.rglob("*")) if p.is_file()]
    return [(path.relative_to(ROOT).as_posix(), path.read_bytes())] if path.is_file() else [(str(path), b"")]


def fingerprint(*modules: str) -> str:
    """sha256 over the sources of the modules' import closures and the config they declare."""
    digest = hashlib.sha256()
    names = sorted({m for mod in modules for m in closure(mod)})
    for mod in names:
        digest.update(f"{mod}\0".encode() + source(module_path(mod)) + b"\0")
    for rel in sorted({r for mod in names for r in declared_reads(mod)}):
        for label, data in _file_bytes(ROOT / rel):
            digest.update(f"{label}\0".encode() + data + b"\0")
    return digest.hexdigest()

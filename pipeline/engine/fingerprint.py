"""Stage fingerprints: the sources of a module's import closure inside `pipeline` plus the
config files those modules declare in `READS`; reads source files, writes nothing."""
from __future__ import annotations

import ast
import hashlib
import re
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


# Import statements read from the source text (a regex, not the ast: parsing every module
# took most of a no-op run's second). `from X import a, b` (names in parentheses may span
# lines) and `import X, Y`, anywhere in the file, so function-level (lazy) imports count too;
# a match inside a string or comment only widens a closure, which is safe.
_FROM_RE = re.compile(r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_IMPORT_RE = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.M)
_NAME_RE = re.compile(r"[A-Za-z_]\w*")
_READS_RE = re.compile(r"^READS[ \t]*=[ \t]*(\([^)]*\))", re.M)


@lru_cache(maxsize=None)
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def direct_imports(name: str) -> set[str]:
    """`pipeline` modules that module `name` imports anywhere in its body (function-level
    imports included, so lazy imports count), plus the packages that hold them."""
    path = module_path(name)
    if path is None:
        return set()
    package = _package_of(name, path)
    text = _text(path)
    found: set[str] = set()
    for m in _IMPORT_RE.finditer(text):
        found.update(part.split()[0] for part in m.group(1).split(",") if part.strip())
    for m in _FROM_RE.finditer(text):
        module = m.group(1)
        level = len(module) - len(module.lstrip("."))
        if level:
            base = package.split(".")
            base = base[: len(base) - level + 1]
            target = ".".join(base + ([module[level:]] if module[level:] else []))
        else:
            target = module
        names = re.sub(r"#[^\n]*", "", m.group(2))  # a comment after the names
        found.add(target)
        found.update(f"{target}.{n}" for n in _NAME_RE.findall(names.replace(" as ", " ")) if n != "as")
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
    m = _READS_RE.search(_text(path)) if path else None
    return tuple(ast.literal_eval(m.group(1))) if m else ()


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

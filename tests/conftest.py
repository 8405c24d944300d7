"""Shared test helpers: paths to the repo, its bundled corpus and ../shared (optional)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "corpus" / "huzhou-three-threes-2021.txt"


def need_shared(*parts: str) -> Path:
    """Path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared/ (gold and dev corpus) is not available here")
    return path


@pytest.fixture(scope="session")
def shared_tokenizer():
    """One jieba.Tokenizer (curated user dictionary) for every test that needs tokens."""
    from pipeline.config import USERDICT
    from pipeline.text.segment import load_userdict, make_tokenizer

    return make_tokenizer(load_userdict(USERDICT))


def seed_corpus(folder: Path) -> Path:
    """`folder` (made if missing) holding the bundled seed page under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    return folder

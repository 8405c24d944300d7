"""Loads the analyst-edited TOML configuration (the framework codebook) into frozen records."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config"
CODEBOOK = CONFIG / "codebook.toml"
USERDICT = CONFIG / "userdict.txt"
STOPLIST = CONFIG / "not_initiatives.txt"
# The decision models `make models` writes and every run reads.
MODELS = CONFIG / "models"
FIGURE_MODEL = MODELS / "figures.json"
INITIATIVE_MODEL = MODELS / "initiatives.json"
# The largest page (bytes, sidecar aside) a run accepts; a larger one gets a "too large" row in
# errors.csv and is not read. The largest page in ../shared is 423 KB (a government page with
# inline scripts); 8 MB is twenty times that, and takes the pipeline about a minute.
MAX_PAGE_BYTES = 8 * 1024 * 1024


class ConfigError(ValueError):
    """A configuration file is missing a field or holds a wrong value."""


@dataclass(frozen=True)
class Item:
    code: str
    names: tuple[str, ...]
    description: str
    terms: tuple[str, ...]
    pillar: str
    cues: tuple[str, ...] = ()  # type nouns that decide the cell of an initiative named by them


@dataclass(frozen=True)
class Pillar:
    code: str
    names: tuple[str, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Codebook:
    name: str
    min_confidence: float
    pillars: tuple[Pillar, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for p in self.pillars for i in p.items)

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)


def load_codebook(path: Path = CODEBOOK) -> Codebook:
    try:
        data = tomllib.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = Path(path).read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}: line {line} is not UTF-8 ({exc.reason}); save the file as UTF-8") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    try:
        pillars = []
        for p in data["pillar"]:
            items = tuple(
                Item(code=i["code"], names=tuple(i["names"]), description=i.get("description", ""),
                     terms=tuple(i.get("terms", ())), pillar=p["code"], cues=tuple(i.get("cues", ())))
                for i in p["item"]
            )
            pillars.append(Pillar(code=p["code"], names=tuple(p["names"]), items=items))
        fw = data.get("framework", {})
        return Codebook(name=fw.get("name", ""), min_confidence=float(fw.get("min_confidence", 0.5)),
                        pillars=tuple(pillars))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: missing or wrong field {exc}") from exc

"""Benchmarks (not tests): the live pipeline's costly parts, each as a ratio against a baseline
timed in the same run (absolute times printed too). Usage: `make bench` (uses
../shared/corpus-dev when present, else the bundled corpus/; ../shared/gold when present).

- whole pipeline: `make all` into a fresh OUT vs `make all` again with nothing to do (wall time),
  and the peak RSS of the one process tree vs the other (os.wait4 of the make child);
- figure extraction with the stored figure model deciding (figures.run) vs POS-tagging every
  sentence with jieba.posseg, and vs plain jieba cut;
- initiative extraction with the stored initiative model deciding (initiatives.run) vs plain
  jieba cut;
- cell decisions (cell_model.decide over every figure and initiative, as classify.run) vs
  tokenizing the text of the same item docs;
- with a gold folder: training the figure, initiative and cell models (cv.train_models without
  loading the gold or writing the files) vs loading the gold (goldset.load) alone.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config, storage
from pipeline.classify import cell_model  # noqa: E402
from pipeline.classify.cells import CorpusView, item_doc, structures  # noqa: E402
from pipeline.classify.labels import label_for, load_labels  # noqa: E402
from pipeline.extract import figure_model, figures, initiatives
from pipeline.learn import LinearModel  # noqa: E402
from pipeline.records import Article, Figure, Initiative, Section, Sentence  # noqa: E402
from pipeline.text.segment import load_userdict, make_tokenizer, tokens  # noqa: E402

REPEAT = 3  # best of three, to damp noise from other processes


def best_of(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run_child(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process tree (the largest process in it)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t
    if proc.returncode:
        sys.stderr.write(stderr.decode("utf-8", "replace"))
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return seconds, usage.ru_maxrss / 1024


def load_view(out: Path) -> CorpusView:
    """The CorpusView of a finished run's OUT folder (its stage files and texts/)."""
    articles = {a.article_id: a for a in storage.read_records(out / "articles.jsonl", Article)}
    sections: dict[str, list[Section]] = {}
    for s in storage.read_records(out / "sections.jsonl", Section):
        sections.setdefault(s.article_id, []).append(s)
    texts = {aid: (out / "texts" / f"{aid}.txt").read_text(encoding="utf-8") for aid in articles}
    return CorpusView(articles, sections, storage.read_records(out / "sentences.jsonl", Sentence), texts,
                      storage.read_records(out / "figures.jsonl", Figure),
                      storage.read_records(out / "initiatives.jsonl", Initiative))


def run_tokenizer():
    """The tokenizer the run's workers use: jieba plus the curated words (engine.work.Tools)."""
    return make_tokenizer([(w, t or "n") for w, t in load_userdict(config.USERDICT)])


def by_article(sents: list[Sentence]) -> list[list[Sentence]]:
    out: dict[str, list[Sentence]] = {}
    for s in sents:
        out.setdefault(s.article_id, []).append(s)
    return list(out.values())


def bench_figures(sents: list[Sentence], tok, t_cut: float) -> str:
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer(tok)
    decide = partial(figure_model.keep, figure_model.load_model())
    groups = by_article(sents)

    def extract():  # as figures.run
        for article in groups:
            names = figures.quoted_numeral_names(s.text for s in article)
            for s in article:
                figures.extract(s, tagger=tagger, names=names, decide=decide)

    t_fig = best_of(extract)
    t_pos = best_of(lambda: [list(tagger.cut(s.text)) for s in sents])
    model = "stored model" if decide.args[0] is not None else "no stored model: flags decide"
    return (f"figure extraction ({model}): {t_fig:.2f} s = {t_fig / t_pos:.2f}x POS-tagging every sentence, "
            f"{t_fig / t_cut:.1f}x plain jieba cut ({t_cut:.2f} s)")


def bench_initiatives(sents: list[Sentence], t_cut: float) -> str:
    path = initiatives.MODEL_PATH
    model = LinearModel.load(path) if path.exists() else None
    stoplist = initiatives.load_stoplist(config.STOPLIST)
    t_ini = best_of(lambda: [initiatives.extract(s, model=model, is_heading=s.heading, stoplist=stoplist)
                             for s in sents])
    what = "stored model" if model is not None else "no stored model: flags decide"
    return f"initiative extraction ({what}): {t_ini:.2f} s = {t_ini / t_cut:.1f}x plain jieba cut ({t_cut:.2f} s)"


def bench_cells(out: Path, corpus: Path, codebook, tok) -> str:
    tokenize = partial(tokens, tok)
    view = load_view(out)
    models = cell_model.load()
    structure = structures(view, codebook)
    labels, _ = load_labels(corpus / "labels.csv", codebook)
    items = [("figure", f) for f in view.figures] + [("initiative", i) for i in view.initiatives]

    def decide_all():  # as classify.run, from a fresh topic-score cache
        view.relevance.clear()
        for kind, it in items:
            cell_model.decide(kind, it, view, codebook, models, structure=structure.get(it.article_id),
                              label=label_for(it, view.articles.get(it.article_id), labels), tokenize=tokenize)

    texts = [item_doc(view, it, tokenize).text for _, it in items]
    t_cells = best_of(decide_all)
    t_tok = best_of(lambda: [tokenize(t) for t in texts])
    what = "stored models" if models is not None else "no stored models: keyword baseline"
    return (f"cell decisions ({what}) on {len(items)} items: {t_cells:.2f} s = {t_cells / t_tok:.1f}x tokenizing "
            f"their docs ({t_tok:.2f} s)")


def bench_training(gold: Path, codebook) -> str:
    from pipeline.evaluate import goldset
    from pipeline.extract import initiative_model as IM

    t = time.perf_counter()
    gs = goldset.load(gold)
    t_load = time.perf_counter() - t
    times = {}
    t = time.perf_counter()
    figure_model.train(figure_model.candidate_rows(gs))
    times["figures"] = time.perf_counter() - t
    t = time.perf_counter()
    IM.train(gs)
    times["initiatives"] = time.perf_counter() - t
    t = time.perf_counter()
    cell_model.train(gs, codebook)
    times["cells"] = time.perf_counter() - t
    total = sum(times.values())
    parts = ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
    return (f"training the three models on {len(gs.articles)} gold articles: {total:.1f} s ({parts}) "
            f"= {total / t_load:.1f}x loading the gold ({t_load:.1f} s)")


def main() -> int:
    shared = ROOT.parent / "shared"
    corpus = shared / "corpus-dev" if (shared / "corpus-dev").is_dir() else ROOT / "corpus"
    gold = shared / "gold"
    codebook = config.load_codebook()
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        make = ["make", "-s", "-C", str(ROOT), "all", f"CORPUS={corpus}", f"OUT={out}"]
        t_all, rss_all = run_child(make)
        t_noop, rss_noop = run_child(make)
        lines.append(f"whole pipeline (make all, fresh OUT): {t_all:.1f} s = {t_all / t_noop:.1f}x make all with "
                     f"nothing to do ({t_noop:.1f} s); peak RSS {rss_all:.0f} MB = {rss_all / rss_noop:.1f}x "
                     f"({rss_noop:.0f} MB)")

        tok = run_tokenizer()
        sents = storage.read_records(out / "sentences.jsonl", Sentence)
        n_articles = len({s.article_id for s in sents})
        t_cut = best_of(lambda: [tok.lcut(s.text) for s in sents])  # the baseline of both extractions
        lines.append(bench_figures(sents, tok, t_cut))
        lines.append(bench_initiatives(sents, t_cut))
        lines.append(bench_cells(out, corpus, codebook, tok))
    if gold.is_dir():
        lines.append(bench_training(gold, codebook))
    else:
        lines.append(f"training: skipped ({gold} not found)")
    print(f"corpus: {corpus} ({n_articles} articles, {len(sents)} sentences)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

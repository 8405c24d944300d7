"""Benchmarks (not tests): speed of the costly stages as ratios against baselines timed in the
same run. Usage: `make bench` (uses ../shared/corpus-dev when present, else the bundled corpus).

- classifier training vs fitting the TF-IDF vectoriser alone on the same documents; the issue's
  target is an absolute one (under 10 s on the dev corpus), printed too;
- figure extraction (with POS tagging only on sentences that hold a figure) vs tagging every
  sentence with jieba.posseg, and vs plain jieba cut;
- peak memory of a whole pipeline run, from the child's resource usage.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config, figures, storage  # noqa: E402
from pipeline.classify import base_docs, item_doc, load_view, reference_view  # noqa: E402
from pipeline.model import train  # noqa: E402
from pipeline.records import Sentence  # noqa: E402
from pipeline.segment import corpus_tokenizer, tokens  # noqa: E402

REPEAT = 3  # best of three, to damp noise from other processes


def best_of(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    shared = ROOT.parent / "shared" / "corpus-dev"
    corpus = shared if shared.is_dir() else ROOT / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        t = time.perf_counter()
        subprocess.run(["make", "-s", "-C", str(ROOT), "all", f"CORPUS={corpus}", f"OUT={out}"], check=True,
                       capture_output=True)
        pipeline_s = time.perf_counter() - t
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        codebook = config.load_codebook()
        tok = corpus_tokenizer(out)
        tokenize = partial(tokens, tok)
        view = load_view(out)
        ref = reference_view(codebook.reference_corpus, tokenize)
        docs = base_docs(view, codebook, tokenize, ref)
        docs += [item_doc(view, it, tokenize) for it in view.figures + view.initiatives]
        labelled = [d for d in docs if d.cell]
        from sklearn.feature_extraction.text import TfidfVectorizer

        from pipeline.model import CHAR_NGRAMS

        t_train = best_of(lambda: train(labelled))
        t_vec = best_of(lambda: TfidfVectorizer(analyzer="char", ngram_range=CHAR_NGRAMS).fit([d.text for d in labelled]))

        import jieba.posseg

        sents = storage.read_records(out / "sentences.jsonl", Sentence)
        tagger = jieba.posseg.POSTokenizer(tok)
        t_fig = best_of(lambda: [figures.extract(s, tagger=tagger) for s in sents])
        t_pos = best_of(lambda: [list(tagger.cut(s.text)) for s in sents])
        t_cut = best_of(lambda: [tok.lcut(s.text) for s in sents])

    print(f"corpus: {corpus} ({len(view.articles)} articles, {len(sents)} sentences)")
    print(f"whole pipeline (make all, fresh OUT): {pipeline_s:.1f} s, peak child RSS {peak_mb:.0f} MB")
    print(f"classifier training on {len(labelled)} docs: {t_train:.2f} s "
          f"= {t_train / t_vec:.1f}x fitting the vectoriser alone (target: under 10 s)")
    print(f"figure extraction: {t_fig:.2f} s = {t_fig / t_pos:.2f}x POS-tagging every sentence, "
          f"{t_fig / t_cut:.1f}x plain jieba cut")
    return 0 if t_train < 10 else 1


if __name__ == "__main__":
    sys.exit(main())

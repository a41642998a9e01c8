"""Target-vocabulary shortlist (CTranslate2 ``use_vmap``) for mT5: build, time, compare.

mT5's output layer has 250,112 rows (192 MB in int8, two thirds of the weights one
decoding step reads); Arabic-in/Arabic-out summaries use a small part of it.  CTranslate2
can restrict the output layer, per batch, to the candidates of a vocabulary map
(``vmap.txt`` in the converted model folder; each line ``source n-gram<TAB>target
tokens``, an empty n-gram naming tokens that are always candidates; see
CTranslate2's ``vocabulary_map.h``), when ``translate_batch(..., use_vmap=True)``.

Commands (``--model`` is a converted CTranslate2 folder, e.g.
``~/.cache/ansum/ct2/mt5-…-int8``)::

    python benchmarks/vmap.py build --model DIR --corpus FILE.jsonl [FILE …] [--min-count 2]
    python benchmarks/vmap.py time --model DIR [--batch 1,16]
    python benchmarks/vmap.py compare [--spec mt5-xlsum] [--models FILE] ARTICLE.txt [ARTICLE …]

``build`` writes ``DIR/vmap.txt``: the pieces that occur at least ``--min-count`` times
in the corpus (its ``text`` fields, or plain lines) plus the special tokens are always
candidates, and every other piece is a candidate when it occurs in the input (so a rare
name or number can still be copied).  ``time`` measures seconds per decoding step with
and without the map.  ``compare`` summarizes each article's chunks (ansum's chunking
and generation settings from the models.toml spec named by ``--spec``) both ways and
reports how many outputs differ and by how many tokens: what a user with the real
weights should run on their own articles before turning the shortlist on.  A
difference means the model wanted a token outside the list: with a good corpus it
should be rare; each differing output is printed so one can judge it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path


def _spm(folder: Path):
    import sentencepiece as spm

    for name in ("spiece.model", "source.spm", "sentencepiece.bpe.model"):
        if (folder / name).is_file():
            return spm.SentencePieceProcessor(model_file=str(folder / name))
    sys.exit(f"no sentencepiece model in {folder}")


def _texts(paths: list[Path]):
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                rec = json.loads(line)
                yield from (rec.get("title", ""), rec.get("text", ""))
            elif line.strip():
                yield line


def _vocabulary(folder: Path) -> list[str]:
    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        if (folder / name).is_file():
            return json.loads((folder / name).read_text(encoding="utf-8"))
    for name in ("shared_vocabulary.txt", "target_vocabulary.txt"):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8").split("\n")
    sys.exit(f"no vocabulary in {folder}")


def build(model: Path, corpus: list[Path], min_count: int) -> None:
    """Write ``model/vmap.txt`` (see the module docstring)."""
    sp = _spm(model)
    counts = Counter(p for text in _texts(corpus) for p in sp.encode(text, out_type=str))
    vocab = _vocabulary(model)
    known = set(vocab)
    fixed = sorted(p for p, c in counts.items() if c >= min_count and p in known)
    fixed += [t for t in vocab[:3] if t not in fixed]  # pad, eos, unk of mT5
    chosen = set(fixed)
    lines = ["\t" + " ".join(fixed)]
    lines += [f"{t}\t{t}" for t in vocab
              if t and t not in chosen and " " not in t and "\t" not in t]
    (model / "vmap.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{model / 'vmap.txt'}: {len(fixed)} fixed candidates of {len(vocab)} "
          f"({100 * len(fixed) / len(vocab):.1f}%), {len(lines) - 1} copy rules")


def _translator(model: Path):
    import ctranslate2

    return ctranslate2.Translator(str(model), device="cpu", compute_type="int8")


def time_steps(model: Path, batches: list[int], tokens: int = 400, steps: int = 24) -> None:
    """Seconds per decoding step (4 beams) with and without the map, per batch size."""
    sp, ct = _spm(model), _translator(model)
    text = " ".join(_texts([Path(__file__).resolve().parents[2] / "shared" / "data" / "days" /
                            "2018-04-14.jsonl"]))
    source = sp.encode(text, out_type=str)[:tokens] + ["</s>"]
    for batch in batches:
        for vmap in (False, True):
            times = []
            for length in (1, steps):
                start = time.perf_counter()
                ct.translate_batch([source] * batch, beam_size=4, max_decoding_length=length,
                                   min_decoding_length=length, use_vmap=vmap,
                                   max_batch_size=batch)
                times.append(time.perf_counter() - start)
            per_step = (times[1] - times[0]) / (steps - 1)
            print(f"batch {batch:2d} × 4 beams, vmap {'on ' if vmap else 'off'}: "
                  f"{1000 * per_step:.0f} ms per step")


def compare(spec_name: str, models_file: Path | None, articles: list[Path]) -> None:
    """Summarize every chunk of ``articles`` with and without the map; report differences.

    The map is the ``vmap.txt`` of the spec's converted folder (``build`` it first)."""
    from ansum.arabic.chunk import chunk_by_tokens
    from ansum.arabic.segment import segment
    from ansum.backends.ct2 import CT2Summarizer
    from ansum.config import load_config

    spec = load_config(models_file).models[spec_name]
    summ = CT2Summarizer(spec, offline=True)
    if not (summ.folder / "vmap.txt").is_file():
        sys.exit(f"no {summ.folder / 'vmap.txt'}: run `build --model {summ.folder}` first")
    chunks = []
    for path in articles:
        sentences = [s.text for s in segment(path.read_text(encoding="utf-8"))]
        chunks += [" ".join(c) for c in chunk_by_tokens(sentences, summ.count_tokens,
                                                        summ.max_input_tokens)]
    base_options = summ._options

    def run(vmap: bool) -> tuple[list[list[int]], float]:
        summ._options = lambda *a: {**base_options(*a), "use_vmap": vmap}
        start = time.perf_counter()
        out = summ.generate_ids(chunks)
        return out, time.perf_counter() - start

    plain, t_plain = run(False)
    short, t_short = run(True)
    differ = [(i, a, b) for i, (a, b) in enumerate(zip(plain, short, strict=True)) if a != b]
    print(f"{len(chunks)} chunks of {len(articles)} articles; {len(differ)} outputs differ "
          f"({100 * len(differ) / max(1, len(chunks)):.1f}%); time {t_plain:.1f} s without, "
          f"{t_short:.1f} s with the map ({t_plain / t_short:.2f}x)")
    tok = summ._tokenizer()
    for i, a, b in differ:
        first = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                     min(len(a), len(b)))
        print(f"- chunk {i}: first difference at token {first}\n  without: {tok.decode(a)}\n"
              f"  with:    {tok.decode(b)}")


def main(argv: list[str] | None = None) -> None:
    """Entry point; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--model", type=Path, required=True)
    b.add_argument("--corpus", type=Path, nargs="+", required=True)
    b.add_argument("--min-count", type=int, default=2)
    t = sub.add_parser("time")
    t.add_argument("--model", type=Path, required=True)
    t.add_argument("--batch", default="1,16")
    c = sub.add_parser("compare")
    c.add_argument("--spec", default="mt5-xlsum", help="models.toml model name")
    c.add_argument("--models", type=Path, help="a models.toml (default: the shipped one)")
    c.add_argument("articles", type=Path, nargs="+")
    args = ap.parse_args(argv)
    if args.command == "build":
        build(args.model, args.corpus, args.min_count)
    elif args.command == "time":
        time_steps(args.model, [int(x) for x in args.batch.split(",")])
    else:
        compare(args.spec, args.models, args.articles)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()

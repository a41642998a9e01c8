"""Replica checkpoints: the shipped models' real file layouts, with tiny random weights.

The tiny models of :mod:`tinymodels` are written by ``save_pretrained`` and so differ from
the real revisions (a tokenizer.json everywhere, 100 extra ids in mT5, every special
token spelled out).  A replica instead has, for each model of the shipped models.toml:

* the real small JSON files of that revision, copied at test time from
  ``../shared/data/hub-replicas`` (see its PROVENANCE.md; opus-mt-ar-en's config.json was
  not found, so :data:`MARIAN_CONFIG` rebuilds it from the keys seen in a copy), with only
  the size keys (d_model, layers, heads, feed-forward width, vocab_size) made tiny;
* a tokenizer of the same kind trained small on :func:`tinymodels.corpus_lines`
  (mT5: spiece.model; Marian: an Arabic source.spm, an English target.spm and their union
  in vocab.json; NLLB/M2M-100/mBART-50: sentencepiece.bpe.model, plus tokenizer.json for
  NLLB and vocab.json for M2M-100), and nothing the real revision lacks;
* random weights in ``model.safetensors`` under the tensor names SFconvertbot's
  ``convert.py`` keeps (tied duplicates removed; see PROVENANCE.md): the old rule keeps
  the first name of a tied group in state-dict order, the new rule the alphabetically
  first name not in the class's tied keys; mT5 keeps ``shared.weight`` and its own,
  different ``lm_head.weight``;
* the config vocabulary larger than the tokenizer's, in the real relation (mT5: 12 more
  rows; NLLB: 2; M2M-100: 100 language ids + 8 made-up words; Marian: vocab.json).

They are laid out as a Hugging Face hub cache (``models--org--name/blobs``,
``snapshots/<commit>/`` symlinked to the blobs, ``refs/<revision>``) so that the shipped
models.toml resolves them through huggingface_hub's offline path.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from tinymodels import _reinit, _train_spm, corpus_lines


@dataclass(frozen=True)
class Replica:
    """One shipped checkpoint: hub ``repo``, the ``revision`` models.toml pins, the
    folder of its files in hub-replicas (``source``), the family, the tied-weights
    rule of its SFconvertbot conversion ("old" or "new")."""

    repo: str
    revision: str
    source: str
    family: str
    rule: str

    @property
    def commit(self) -> str:
        """The snapshot's commit: the pinned hash, or a 40-hex one made from the revision
        that starts with the short hash the hub's pages show."""
        if len(self.revision) == 40:
            return self.revision
        return (self.source + hashlib.sha1(self.revision.encode()).hexdigest())[:40]


REPLICAS = {
    "mt5": Replica("csebuetnlp/mT5_multilingual_XLSum", "refs/pr/7", "403d8ec", "mt5", "new"),
    "marian": Replica("Helsinki-NLP/opus-mt-ar-en", "0a22ca0fe7fd0e314f4913e606ddc07d1ff9d718",
                      "0a22ca0fe7fd0e314f4913e606ddc07d1ff9d718", "marian", "old"),
    "nllb": Replica("facebook/nllb-200-distilled-600M", "refs/pr/39", "ba634f8", "nllb", "new"),
    "m2m100": Replica("facebook/m2m100_418M", "791dc1c6d300846c9a747d4bd11fcc7f369b750e",
                      "791dc1c", "m2m100", "old"),
    "mbart50": Replica("facebook/mbart-large-50-many-to-many-mmt",
                       "e30b6cb8eb0d43a0b73cab73c7676b9863223a30",
                       "e30b6cb8eb0d43a0b73cab73c7676b9863223a30", "mbart50", "old"),
}

#: opus-mt-ar-en's config.json (1.38 kB, blob ae70c5a) was not found; these are the keys
#: of the Marian configs of that conversion era, with ar-en's ids (pad = decoder start =
#: 62833, the last id; eos 0; bad_words_ids [[62833]] as its generation_config.json).
MARIAN_CONFIG = {
    "_name_or_path": "/tmp/Helsinki-NLP/opus-mt-ar-en", "_num_labels": 3,
    "activation_dropout": 0.0, "activation_function": "swish", "add_bias_logits": False,
    "add_final_layer_norm": False, "architectures": ["MarianMTModel"],
    "attention_dropout": 0.0, "bad_words_ids": [[62833]], "bos_token_id": 0,
    "classif_dropout": 0.0, "classifier_dropout": 0.0, "d_model": 512,
    "decoder_attention_heads": 8, "decoder_ffn_dim": 2048, "decoder_layerdrop": 0.0,
    "decoder_layers": 6, "decoder_start_token_id": 62833, "decoder_vocab_size": 62834,
    "dropout": 0.1, "encoder_attention_heads": 8, "encoder_ffn_dim": 2048,
    "encoder_layerdrop": 0.0, "encoder_layers": 6, "eos_token_id": 0, "forced_eos_token_id": 0,
    "gradient_checkpointing": False, "init_std": 0.02, "is_encoder_decoder": True,
    "max_length": 512, "max_position_embeddings": 512, "model_type": "marian",
    "normalize_before": False, "normalize_embedding": False, "num_beams": 4,
    "num_hidden_layers": 6, "pad_token_id": 62833, "scale_embedding": True,
    "share_encoder_decoder_embeddings": True, "static_position_embeddings": True,
    "transformers_version": "4.22.0.dev0", "use_cache": True, "vocab_size": 62834,
}

_TINY = {"d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "num_hidden_layers": 1,
         "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_ffn_dim": 32,
         "decoder_ffn_dim": 32, "max_position_embeddings": 256,
         # mT5
         "d_ff": 32, "d_kv": 8, "num_heads": 2, "num_layers": 1, "num_decoder_layers": 1}


def _tiny_config(real: dict, vocab_size: int, **ids) -> dict:
    out = dict(real)
    for key, value in _TINY.items():
        if key in out:
            out[key] = value
    out["vocab_size"] = vocab_size
    if "decoder_vocab_size" in out:
        out["decoder_vocab_size"] = vocab_size
    out.update(ids)
    return out


def _copy_real(rep: Replica, hub_replicas: Path, dest: Path, names) -> dict:
    """Copy the real small files ``names`` (those present); return config.json as a dict."""
    src = hub_replicas / rep.repo.replace("/", "__") / rep.source
    for name in names:
        if (src / name).is_file():
            shutil.copyfile(src / name, dest / name)
    path = src / "config.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else dict(MARIAN_CONFIG)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def sf_kept(state_dict: dict, rule: str, tied_keys) -> dict:
    """The tensors SFconvertbot's convert.py keeps: one name per group of tensors that
    share memory (``rule`` "old": the first in state-dict order; "new": the sorted first
    not in ``tied_keys``, else the sorted first).  Returns name → contiguous clone."""
    groups: dict[int, list[str]] = {}
    for name, tensor in state_dict.items():
        groups.setdefault(tensor.data_ptr(), []).append(name)
    kept = {}
    for names in groups.values():
        if rule == "old":
            keep = names[0]
        else:
            free = sorted(set(names) - set(tied_keys))
            keep = free[0] if free else sorted(names)[0]
        kept[keep] = state_dict[keep].detach().clone().contiguous()
    return {n: kept[n] for n in state_dict if n in kept}


def _save_weights(model, folder: Path, rule: str) -> dict:
    from safetensors.torch import save_file

    tied = getattr(type(model), "_tied_weights_keys", None) or {}
    tensors = sf_kept(model.state_dict(), rule, list(tied))
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    return tensors


def _model(folder: Path, seed: int, pad_rows=()):
    import torch
    from transformers import AutoConfig, AutoModelForSeq2SeqLM

    model = AutoModelForSeq2SeqLM.from_config(AutoConfig.from_pretrained(folder))
    _reinit(model, seed)
    with torch.no_grad():
        for row in pad_rows:
            model.get_input_embeddings().weight[row].zero_()
    return model


def build_mt5(rep: Replica, real: Path, folder: Path, text: Path) -> None:
    import sentencepiece as spm
    import torch

    cfg = _copy_real(rep, real, folder, ("special_tokens_map.json", "tokenizer_config.json"))
    _train_spm(folder / "spiece.model", text, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    size = spm.SentencePieceProcessor(model_file=str(folder / "spiece.model")).get_piece_size()
    _write_json(folder / "config.json", _tiny_config(cfg, size + 12))  # 250100 vs 250112
    model = _model(folder, 11, pad_rows=(0,))
    gen = torch.Generator().manual_seed(12)
    with torch.no_grad():  # an lm_head of its own (the real one is untied)
        head = torch.randn(model.lm_head.weight.shape, generator=gen) * 0.5
        head[size:] *= 3  # make the rows past the tokenizer's pieces show up in outputs
        model.lm_head.weight = torch.nn.Parameter(head)
    names = _save_weights(model, folder, rep.rule)
    assert "shared.weight" in names and "lm_head.weight" in names, names.keys()


def build_marian(rep: Replica, real: Path, folder: Path, text: Path) -> None:
    import sentencepiece as spm

    _copy_real(rep, real, folder, ("generation_config.json", "tokenizer_config.json"))
    lines = text.read_text(encoding="utf-8").splitlines()
    sides = {"source.spm": [t for t in lines if any("\u0600" <= c <= "\u06ff" for c in t)],
             "target.spm": [t for t in lines if t.isascii()]}
    vocab = {"</s>": 0, "<unk>": 1}
    for name, side in sides.items():
        part = folder / f"{name}.txt"
        part.write_text("\n".join(side) + "\n", encoding="utf-8")
        _train_spm(folder / name, part, vocab_size=200, pad_id=-1, eos_id=-1, bos_id=-1,
                   unk_id=0)
        part.unlink()
        sp = spm.SentencePieceProcessor(model_file=str(folder / name))
        for i in range(1, sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    pad = vocab["<pad>"]
    _write_json(folder / "config.json", _tiny_config(
        MARIAN_CONFIG, len(vocab), pad_token_id=pad, decoder_start_token_id=pad,
        bad_words_ids=[[pad]], max_position_embeddings=512))
    gen = json.loads((folder / "generation_config.json").read_text(encoding="utf-8"))
    gen.update(bad_words_ids=[[pad]], decoder_start_token_id=pad, pad_token_id=pad)
    _write_json(folder / "generation_config.json", gen)
    _save_weights(_model(folder, 12, pad_rows=(pad,)), folder, rep.rule)


def build_nllb(rep: Replica, real: Path, folder: Path, text: Path) -> None:
    from transformers import NllbTokenizer

    small = ("special_tokens_map.json", "tokenizer_config.json", "generation_config.json")
    cfg = _copy_real(rep, real, folder, small)
    _train_spm(folder / "sentencepiece.bpe.model", text, model_type="bpe", pad_id=1,
               eos_id=2, unk_id=3, bos_id=0)
    codes = json.loads((folder / "special_tokens_map.json").read_text(encoding="utf-8"))[
        "additional_special_tokens"]  # the 202 FLORES codes, added after the pieces
    tok = NllbTokenizer.from_pretrained(folder, extra_special_tokens=codes)
    tok.backend_tokenizer.save(str(folder / "tokenizer.json"))
    _write_json(folder / "config.json", _tiny_config(cfg, len(tok) + 2))  # 256204 vs 256206
    _save_weights(_model(folder, 13, pad_rows=(1,)), folder, rep.rule)


def build_m2m100(rep: Replica, real: Path, folder: Path, text: Path) -> None:
    import sentencepiece as spm
    import torch

    small = ("special_tokens_map.json", "tokenizer_config.json", "generation_config.json")
    cfg = _copy_real(rep, real, folder, small)
    _train_spm(folder / "sentencepiece.bpe.model", text, pad_id=-1, eos_id=-1, bos_id=-1,
               unk_id=0)
    sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.bpe.model"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(1, sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    langs = json.loads((folder / "special_tokens_map.json").read_text(encoding="utf-8"))[
        "additional_special_tokens"]
    _write_json(folder / "config.json", _tiny_config(cfg, len(vocab) + len(langs) + 8))
    model = _model(folder, 14, pad_rows=(1,))
    keep = {len(vocab) + langs.index(code) for code in ("__ar__", "__en__")}
    with torch.no_grad():  # as tinymodels: unused language rows zero, so rarely emitted
        for i in set(range(len(vocab), len(vocab) + len(langs))) - keep:
            model.get_input_embeddings().weight[i].zero_()
    _save_weights(model, folder, rep.rule)


def build_mbart50(rep: Replica, real: Path, folder: Path, text: Path) -> None:
    from transformers import MBart50Tokenizer

    small = ("special_tokens_map.json", "tokenizer_config.json", "generation_config.json")
    cfg = _copy_real(rep, real, folder, small)
    _train_spm(folder / "sentencepiece.bpe.model", text, pad_id=1, eos_id=2, unk_id=3,
               bos_id=0)
    tok = MBart50Tokenizer.from_pretrained(folder)
    _write_json(folder / "config.json", _tiny_config(cfg, len(tok)))  # 250054 both
    _save_weights(_model(folder, 15, pad_rows=(1,)), folder, rep.rule)


BUILDERS = {"mt5": build_mt5, "marian": build_marian, "nllb": build_nllb,
            "m2m100": build_m2m100, "mbart50": build_mbart50}


def place_in_hub_cache(rep: Replica, files: Path, hub: Path) -> Path:
    """Lay ``files`` out as huggingface_hub does in cache ``hub``; return the snapshot.

    Blobs are named by the SHA-256 of their content (as LFS files are); the snapshot
    holds relative symlinks to them; ``refs/<revision>`` holds the commit (also for a
    pinned commit, as ``refs/main``)."""
    storage = hub / f"models--{rep.repo.replace('/', '--')}"
    snapshot = storage / "snapshots" / rep.commit
    (storage / "blobs").mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True)
    for path in sorted(files.iterdir()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        blob = storage / "blobs" / digest
        if not blob.exists():
            shutil.copyfile(path, blob)
        os.symlink(os.path.relpath(blob, snapshot), snapshot / path.name)
    ref = storage / "refs" / (rep.revision if len(rep.revision) != 40 else "main")
    ref.parent.mkdir(parents=True, exist_ok=True)
    ref.write_text(rep.commit, encoding="utf-8")
    return snapshot


def build_replicas(root: Path, hub_replicas: Path, families=tuple(REPLICAS)) -> dict[str, Path]:
    """Build the replicas of ``families`` into the hub cache ``root/hub``; return family →
    snapshot folder."""
    random.seed(0)
    work = root / "work"
    work.mkdir(parents=True)
    text = work / "corpus.txt"
    text.write_text("\n".join(corpus_lines()) + "\n", encoding="utf-8")
    out = {}
    for fam in families:
        folder = work / fam
        folder.mkdir()
        BUILDERS[fam](REPLICAS[fam], hub_replicas, folder, text)
        out[fam] = place_in_hub_cache(REPLICAS[fam], folder, root / "hub")
    return out

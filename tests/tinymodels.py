"""Tiny random-weight seq2seq models of every family ansum supports, built at test time.

The session fixture :func:`tiny_models` builds, once per test run and in a temp folder,
one model per family (mt5, mbart50, marian, m2m100, nllb): a SentencePiece model trained
on the Arabic+English lines of :func:`corpus_lines`, a tiny config (d_model 16, one layer),
random weights re-initialized N(0, 0.5) with padding rows kept at zero (the default init
makes tiny models repeat one token; see ../shared/notes/models-facts.md), saved with
``save_pretrained(..., safe_serialization=True)`` next to its tokenizer.

Registered as a pytest plugin in ``conftest.py``.  Building all five takes about a
second plus the transformers import.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

FAMILIES = ("mt5", "mbart50", "marian", "m2m100", "nllb")

#: Language codes each family's tokenizer needs (source, target); "" for none.
LANG_CODES = {
    "mt5": ("", ""),
    "marian": ("", ""),
    "mbart50": ("ar_AR", "en_XX"),
    "m2m100": ("ar", "en"),
    "nllb": ("arb_Arab", "eng_Latn"),
}

#: Three Arabic sentences the backend tests translate as one batch.
ARABIC_SENTENCES = [
    "قال الرئيس إن الحكومة ستعقد اجتماعا مع الوزراء يوم الخميس.",
    "ارتفعت أسعار النفط بنسبة 5 في المئة في الأسواق العالمية.",
    "أعلنت وزارة الصحة عن 120 إصابة جديدة في المدينة.",
]

_AR_SUBJECTS = ["الرئيس", "الوزير", "الحكومة", "المتحدث", "البرلمان", "الجيش", "الشركة",
                "وزارة الخارجية", "وزارة الصحة", "المجلس", "السفير", "الأمم المتحدة"]
_AR_VERBS = ["قال", "أعلن", "أكد", "أضاف", "أوضح", "نفى", "ذكر", "كشف", "أشار"]
_AR_OBJECTS = ["الاتفاق", "المفاوضات", "الأسعار", "الانتخابات", "الاقتصاد", "الأمن",
               "النفط", "الاجتماع", "القرار", "المساعدات", "الحدود", "الميزانية"]
_AR_TAILS = ["يوم الخميس", "في العاصمة", "خلال الأسبوع المقبل", "في بيان رسمي",
             "بعد اجتماع طويل", "في المدينة", "بنسبة كبيرة", "مع الوزراء", "في الأسواق العالمية"]
_EN_SUBJECTS = ["The president", "The minister", "The government", "The spokesman",
                "Parliament", "The army", "The company", "The foreign ministry", "The council"]
_EN_VERBS = ["said", "announced", "confirmed", "added", "explained", "denied", "reported"]
_EN_OBJECTS = ["the agreement", "the talks", "prices", "the elections", "the economy",
               "security", "oil", "the meeting", "the decision", "aid", "the border"]
_EN_TAILS = ["on Thursday", "in the capital", "next week", "in an official statement",
             "after a long meeting", "in the city", "by a large margin", "in world markets"]


def corpus_lines(n: int = 400, seed: int = 7) -> list[str]:
    """Return ``n`` short Arabic and English news-style lines (alternating), deterministic.

    Lines mix the word lists above with ASCII and Arabic-Indic figures and punctuation so a
    SentencePiece model trained on them covers both scripts and digits.
    """
    rng = random.Random(seed)
    lines = list(ARABIC_SENTENCES)
    while len(lines) < n:
        num = rng.randint(1, 2000)
        if len(lines) % 2:
            line = (f"{rng.choice(_AR_VERBS)} {rng.choice(_AR_SUBJECTS)} إن "
                    f"{rng.choice(_AR_OBJECTS)} {rng.choice(_AR_TAILS)} "
                    f"{num if rng.random() < 0.5 else str(num).translate(_AR_DIGITS)}"
                    f"{rng.choice(['.', '،', '؛', '!', '؟'])}")
        else:
            line = (f"{rng.choice(_EN_SUBJECTS)} {rng.choice(_EN_VERBS)} "
                    f"{rng.choice(_EN_OBJECTS)} {rng.choice(_EN_TAILS)}, {num} "
                    f"{rng.choice(['percent', 'people', 'dollars', 'days'])}.")
        lines.append(line)
    return lines


_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _train_spm(out: Path, text_file: Path, **options) -> Path:
    import sentencepiece as spm

    prefix = out.parent / "spm-train"
    spm.SentencePieceTrainer.train(
        input=str(text_file), model_prefix=str(prefix), vocab_size=options.pop("vocab_size", 320),
        hard_vocab_limit=False,
        character_coverage=1.0, minloglevel=2, **options,
    )
    (out.parent / "spm-train.vocab").unlink()
    (out.parent / "spm-train.model").rename(out)
    return out


def _reinit(model, seed: int, std: float = 0.5) -> None:
    """Re-draw every 2-D weight from N(0, std), keeping padding rows at zero.

    N(0, 0.5) gives varied output for the BART-like families; tied mT5 needs std 2.0
    (at 0.5 it repeats one token), measured here.
    """
    import torch

    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        modules = [m for m in model.modules()
                   if getattr(m, "weight", None) is not None and m.weight.dim() == 2]
        for module in modules:
            module.weight.copy_(torch.randn(module.weight.shape, generator=gen) * std)
        # zero padding rows last: a tied lm_head shares the embedding matrix, and
        # re-drawing it after the embedding would bring the pad row back
        for module in modules:
            pad = getattr(module, "padding_idx", None)
            if pad is not None:
                module.weight[pad].zero_()


def _small(**extra) -> dict:
    return dict(d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
                max_position_embeddings=256, **extra)


def _build_mt5(folder: Path, text: Path) -> None:
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    _train_spm(folder / "spiece.model", text, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    tok = T5Tokenizer.from_pretrained(folder)
    config = MT5Config(vocab_size=len(tok), d_model=16, d_kv=8, d_ff=32, num_layers=1,
                       num_decoder_layers=1, num_heads=2, feed_forward_proj="gated-gelu",
                       decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)
    model = MT5ForConditionalGeneration(config)
    _reinit(model, 1, std=2.0)
    with torch.no_grad():  # T5's embedding has no padding_idx: zero the pad row by hand
        model.get_input_embeddings().weight[config.pad_token_id].zero_()
    _save(folder, tok, model)


def _build_marian(folder: Path, text: Path) -> None:
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    _train_spm(folder / "source.spm", text, pad_id=-1, eos_id=-1, bos_id=-1, unk_id=0)
    (folder / "target.spm").write_bytes((folder / "source.spm").read_bytes())
    sp = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if sp.id_to_piece(i) != "<unk>"]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer.from_pretrained(folder)
    pad = vocab["<pad>"]
    config = MarianConfig(vocab_size=len(vocab), pad_token_id=pad, decoder_start_token_id=pad,
                          eos_token_id=0, forced_eos_token_id=0, scale_embedding=True,
                          share_encoder_decoder_embeddings=True, **_small())
    model = MarianMTModel(config)
    _reinit(model, 2)
    _save(folder, tok, model)


def _build_mbart50(folder: Path, text: Path) -> None:
    from transformers import MBart50Tokenizer, MBartConfig, MBartForConditionalGeneration

    _train_spm(folder / "sentencepiece.bpe.model", text, pad_id=1, eos_id=2, unk_id=3, bos_id=0)
    tok = MBart50Tokenizer.from_pretrained(folder, src_lang="ar_AR", tgt_lang="en_XX",
                                           bos_token="<s>")
    config = MBartConfig(vocab_size=len(tok), pad_token_id=tok.pad_token_id, bos_token_id=0,
                         eos_token_id=tok.eos_token_id, decoder_start_token_id=tok.eos_token_id,
                         forced_eos_token_id=tok.eos_token_id, scale_embedding=True,
                         normalize_before=True, normalize_embedding=True,
                         tokenizer_class="MBart50Tokenizer", **_small())
    model = MBartForConditionalGeneration(config)
    _reinit(model, 3)
    _save(folder, tok, model)


def _build_m2m100(folder: Path, text: Path) -> None:
    import sentencepiece as spm
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    _train_spm(folder / "sentencepiece.bpe.model", text, pad_id=-1, eos_id=-1, bos_id=-1,
               unk_id=0)
    sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.bpe.model"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = M2M100Tokenizer.from_pretrained(folder, src_lang="ar", tgt_lang="en")
    size = max(tok.lang_code_to_id.values()) + 1 if hasattr(tok, "lang_code_to_id") else len(tok)
    size = max(size, len(tok), tok.convert_tokens_to_ids("__en__") + 1)
    config = M2M100Config(vocab_size=size, pad_token_id=1, bos_token_id=0, eos_token_id=2,
                          decoder_start_token_id=2, forced_eos_token_id=2, scale_embedding=True,
                          **_small())
    model = M2M100ForConditionalGeneration(config)
    _reinit(model, 4)
    # A quarter of this tiny vocab is __xx__ language ids; zero the rows of the unused
    # ones so the random model rarely emits them (its output would often be empty).
    keep = {tok.get_lang_id("ar"), tok.get_lang_id("en")}
    with torch.no_grad():
        for lang_id in set(tok.id_to_lang_token) - keep:
            model.get_input_embeddings().weight[lang_id].zero_()
    _save(folder, tok, model)


def _build_nllb(folder: Path, text: Path) -> None:
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    _train_spm(folder / "sentencepiece.bpe.model", text, model_type="bpe", pad_id=1, eos_id=2,
               unk_id=3, bos_id=0)
    codes = ["arb_Arab", "eng_Latn", "fra_Latn"]
    tok = NllbTokenizer.from_pretrained(folder, src_lang="arb_Arab", tgt_lang="eng_Latn",
                                        extra_special_tokens=codes)
    size = max(len(tok), *(tok.convert_tokens_to_ids(c) + 1 for c in codes))
    config = M2M100Config(vocab_size=size, pad_token_id=tok.pad_token_id, bos_token_id=0,
                          eos_token_id=tok.eos_token_id, decoder_start_token_id=tok.eos_token_id,
                          forced_eos_token_id=tok.eos_token_id, scale_embedding=True, **_small())
    model = M2M100ForConditionalGeneration(config)
    _reinit(model, 5)
    _save(folder, tok, model)


def _save(folder: Path, tok, model) -> None:
    model.save_pretrained(folder, safe_serialization=True)
    tok.save_pretrained(folder)


_BUILDERS = {"mt5": _build_mt5, "mbart50": _build_mbart50, "marian": _build_marian,
             "m2m100": _build_m2m100, "nllb": _build_nllb}


class TinyModels(dict):
    """dict family → model folder (``Path``), plus :meth:`write_toml`."""

    def write_toml(self, dest: Path, *, max_input_tokens: int = 64, new_tokens: int = 8,
                   num_beams: int = 1) -> Path:
        """Write a models.toml at ``dest`` naming every tiny model; return ``dest``.

        Models are named "tiny-FAMILY"; profile "tiny" (the default) = summarizer tiny-mt5 +
        translator tiny-marian, and "tiny-FAMILY" profiles pair tiny-mt5 with each
        translator (the extractive summarizer / no translator stand in for missing ones).
        ``min_new_tokens`` = ``max_new_tokens`` = ``new_tokens`` so outputs have fixed length.
        """
        summarizer = "tiny-mt5" if "mt5" in self else "extractive"
        lines = ['[settings]', 'default_profile = "tiny"', '', '[profiles.tiny]',
                 f'summarizer = "{summarizer}"',
                 f'translator = "{"tiny-marian" if "marian" in self else ""}"', '']
        for fam in FAMILIES[1:]:
            if fam in self:
                lines += [f'[profiles.tiny-{fam}]', f'summarizer = "{summarizer}"',
                          f'translator = "tiny-{fam}"', '']
        for fam, folder in self.items():
            src, tgt = LANG_CODES[fam]
            lines += [f'[models.tiny-{fam}]',
                      f'task = "{"summarize" if fam == "mt5" else "translate"}"',
                      'backend = "transformers"', f'repo = {json.dumps(str(folder))}',
                      f'family = "{fam}"', 'license = "test fixture"',
                      f'max_input_tokens = {max_input_tokens}']
            if src:
                lines += [f'src_lang = "{src}"', f'tgt_lang = "{tgt}"']
            lines += [f'[models.tiny-{fam}.generation]', f'num_beams = {num_beams}',
                      f'max_new_tokens = {new_tokens}', f'min_new_tokens = {new_tokens}',
                      'length_penalty = 1.0', 'no_repeat_ngram_size = 0', '']
        dest.write_text("\n".join(lines), encoding="utf-8")
        return dest


def build_tiny_models(root: Path, families=FAMILIES) -> TinyModels:
    """Build one tiny model per family under ``root``; return family → folder."""
    root.mkdir(parents=True, exist_ok=True)
    text = root / "corpus.txt"
    text.write_text("\n".join(corpus_lines()) + "\n", encoding="utf-8")
    out = TinyModels()
    for fam in families:
        folder = root / fam
        folder.mkdir()
        _BUILDERS[fam](folder, text)
        out[fam] = folder
    return out


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> TinyModels:
    """Session-wide tiny models of every family: a :class:`TinyModels` dict."""
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(scope="session")
def tiny_models_toml(tiny_models, tmp_path_factory) -> Path:
    """A models.toml naming every tiny model (see :meth:`TinyModels.write_toml`)."""
    return tiny_models.write_toml(tmp_path_factory.mktemp("tiny-toml") / "models.toml")

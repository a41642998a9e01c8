"""Torch-free tokenization for the CTranslate2 backend: text ⇄ model token ids.

Gives the same ``input_ids`` as the transformers tokenizer of each family and decodes
generated ids the same way, without importing torch or transformers:

* when the folder has a ``tokenizer.json`` (mT5, mBART-50, NLLB as saved by transformers
  5.x; the converter writes one for every tokenizers-backed tokenizer), the Rust
  ``tokenizers`` library runs normalizer, pre-tokenizer and model;
* else ``sentencepiece``: Marian (``source.spm`` to encode, ``target.spm`` to decode,
  ids from ``vocab.json``, pieces outside it → ``<unk>``), M2M-100
  (``sentencepiece.bpe.model`` + ``vocab.json``; its ``__xx__`` language ids follow the
  vocabulary and are read from the converted model's vocabulary), or a bare mT5
  ``spiece.model`` (sentencepiece ids are model ids).

Special tokens are added per family as each family's transformers tokenizer does (read
from transformers 5.24 ``tokenization_*``; ``tests/test_ct2.py`` checks the ids):

=========  =====================================  ============================
family     source                                 target prefix (translation)
=========  =====================================  ============================
mt5        X ``</s>``                             none
marian     X ``</s>``                             none
mbart50    ``ar_AR`` X ``</s>``                   ``en_XX``
nllb       ``arb_Arab`` X ``</s>``                ``eng_Latn``
m2m100     ``__ar__`` X ``</s>``                  ``__en__``
=========  =====================================  ============================

(NLLB with ``legacy_behaviour: true`` in tokenizer_config.json: X ``</s>`` ``arb_Arab``.)

Marian and Moses punctuation normalization: OPUS-MT models were trained on text passed
through Moses' ``normalize-punctuation.perl`` and ``MarianTokenizer`` builds a sacremoses
``MosesPunctNormalizer``, but transformers 5.24 never calls it when tokenizing (measured:
« » “ ” reach sentencepiece unchanged).  To keep ids identical to the transformers backend
it is off by default here too; ``normalize_punctuation=True`` applies it (sacremoses).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from ansum.backends.generation import LANG_FAMILIES
from ansum.errors import ModelUnavailableError

#: Files the tokenizer may need; the converter copies them next to the CTranslate2 model.
TOKENIZER_FILES = (
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
    "vocab.json", "target_vocab.json", "source.spm", "target.spm", "spiece.model",
    "sentencepiece.bpe.model",
)
_M2M_LANG = re.compile(r"^__[A-Za-z_]+__$")


def lang_token(family: str, code: str) -> str:
    """The token of language ``code`` in ``family`` ("en" → "__en__" for M2M-100)."""
    return f"__{code}__" if family == "m2m100" else code


def read_vocabulary(folder: Path, side: str = "source") -> list[str] | None:
    """A CTranslate2 model's vocabulary, tokens in id order, or None when absent.

    ``side`` is "source" or "target"; a shared vocabulary serves both.  Each file is
    read once per process (mT5's holds 250,112 tokens); do not modify the list.
    """
    folder = Path(folder)
    for name in ("shared_vocabulary", f"{side}_vocabulary"):
        for ext in (".json", ".txt"):
            path = folder / f"{name}{ext}"
            if path.is_file():
                return _read_tokens(str(path.resolve()), path.stat().st_mtime_ns)
    return None


@functools.lru_cache(maxsize=16)
def _read_tokens(path: str, mtime_ns: int) -> list[str]:
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(text) if path.endswith(".json") else text.split("\n")[:-1]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{path} is corrupt: {exc}",
                                    hint="convert or download the model again") from None


def _name(value: Any) -> str:
    """A special token of tokenizer_config.json: a string or {"content": ...}."""
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) else ""


class SeqTokenizer:
    """Text → model input ids and generated ids → text, for one model folder.

    Build with :func:`load_tokenizer`.  Attributes: ``family``, ``src_lang``, ``tgt_lang``
    (codes as in models.toml, "" when the family has none), ``kind`` ("tokenizers",
    "marian", "m2m100" or "spm"), ``special`` (token strings dropped when decoding).
    """

    kind = "base"

    def __init__(self, folder: Path, family: str, src_lang: str, tgt_lang: str,
                 normalize_punctuation: bool) -> None:
        self.folder = Path(folder)
        self.family, self.src_lang, self.tgt_lang = family, src_lang, tgt_lang
        cfg = dict(_read_json(self.folder / "special_tokens_map.json"))
        cfg.update(_read_json(self.folder / "tokenizer_config.json"))
        self.config = cfg
        self.eos = _name(cfg.get("eos_token")) or "</s>"
        self.unk = _name(cfg.get("unk_token")) or "<unk>"
        special = {_name(cfg.get(k)) for k in ("bos_token", "eos_token", "unk_token",
                                               "pad_token", "sep_token", "cls_token",
                                               "mask_token")}
        for key in ("additional_special_tokens", "extra_special_tokens"):
            if isinstance(cfg.get(key), list):
                special |= {_name(t) for t in cfg[key]}
        special |= {_name(v) for v in (cfg.get("added_tokens_decoder") or {}).values()
                    if isinstance(v, dict) and v.get("special")}
        # The tokenizer classes' own defaults: opus-mt-ar-en ships neither a
        # special_tokens_map.json nor special tokens in its 42-byte tokenizer_config.json,
        # and MarianTokenizer then uses </s>, <unk>, <pad> (transformers 5.24).
        special |= {self.eos, self.unk, _name(cfg.get("pad_token")) or "<pad>"}
        self.special = special - {""}
        self._normalizer = None
        if normalize_punctuation:
            try:
                from sacremoses import MosesPunctNormalizer
            except ImportError as exc:
                raise ModelUnavailableError("normalize_punctuation needs sacremoses",
                                            hint="pip install sacremoses") from exc
            self._normalizer = MosesPunctNormalizer(cfg.get("source_lang") or "en").normalize
        tokens = read_vocabulary(self.folder, "source")
        self._model_vocab: dict[str, int] = {}
        for i, tok in enumerate(tokens or ()):
            self._model_vocab.setdefault(tok, i)

    def token_id(self, token: str) -> int | None:
        """Model id of ``token`` (e.g. a language code), or None when unknown."""
        tid = self._model_vocab.get(token)
        return self._own_id(token) if tid is None else tid

    def _required_id(self, token: str) -> int:
        tid = self.token_id(token)
        if tid is None:
            raise ModelUnavailableError(
                f"token {token!r} is not in the vocabulary of {self.folder}",
                hint="check src_lang/tgt_lang in models.toml (codes of the model's family)")
        return tid

    def ids(self, text: str) -> list[int]:
        """Model input ids of ``text``, special tokens included: the transformers
        tokenizer's ``input_ids`` (a list of ints, one per token).

        Raises:
            ModelUnavailableError: the source language code is not in the vocabulary.
        """
        if self._normalizer is not None and text:
            text = self._normalizer(text)
        body, eos = self._encode(text), self._required_id(self.eos)
        if self.family in LANG_FAMILIES and self.src_lang:
            src = self._required_id(lang_token(self.family, self.src_lang))
            if self.family == "nllb" and self.config.get("legacy_behaviour"):
                return body + [eos, src]
            return [src] + body + [eos]
        return body + [eos]

    def count(self, text: str) -> int:
        """Number of model input tokens of ``text`` (special tokens included)."""
        return len(self.ids(text))

    def target_prefix(self) -> list[int]:
        """Ids a translation must start with: ``[target language id]`` for NLLB, M2M-100
        and mBART-50, ``[]`` otherwise.

        Raises:
            ModelUnavailableError: the target language code is not in the vocabulary.
        """
        if self.family in LANG_FAMILIES and self.tgt_lang:
            return [self._required_id(lang_token(self.family, self.tgt_lang))]
        return []

    def decode(self, ids: list[int]) -> str:
        """Text of generated ``ids``: special, language and unknown ids dropped, pieces
        joined as the family's transformers tokenizer does with
        ``skip_special_tokens=True, clean_up_tokenization_spaces=False``."""
        raise NotImplementedError

    def _encode(self, text: str) -> list[int]:
        raise NotImplementedError

    def _own_id(self, token: str) -> int | None:
        raise NotImplementedError


class _JsonTokenizer(SeqTokenizer):
    kind = "tokenizers"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(self.folder / "tokenizer.json"))

    def _encode(self, text: str) -> list[int]:
        return self._tok.encode(text, add_special_tokens=False).ids

    def _own_id(self, token: str) -> int | None:
        return self._tok.token_to_id(token)

    def decode(self, ids: list[int]) -> str:
        known = [i for i in ids if self._tok.id_to_token(i) is not None]
        return self._tok.decode(known, skip_special_tokens=True)


class _SpmTokenizer(SeqTokenizer):
    """sentencepiece; ``vocab.json`` (Marian, M2M-100) maps pieces to ids when present."""

    kind = "spm"

    def __init__(self, *args, source: str, target: str) -> None:
        super().__init__(*args)
        import sentencepiece as spm

        self._src = spm.SentencePieceProcessor(model_file=str(self.folder / source))
        self._tgt = self._src if target == source else \
            spm.SentencePieceProcessor(model_file=str(self.folder / target))
        vocab = _read_json(self.folder / "vocab.json") if (
            self.folder / "vocab.json").is_file() else None
        self._vocab: dict[str, int] | None = vocab
        self._inverse = {i: t for t, i in vocab.items()} if vocab else None

    def _own_id(self, token: str) -> int | None:
        if self._vocab is not None:
            return self._vocab.get(token)
        tid = self._src.piece_to_id(token)
        return None if tid == self._src.unk_id() and token != self.unk else tid

    def _encode(self, text: str) -> list[int]:
        if self._vocab is None:
            return list(self._src.encode(text))
        unk = self._vocab[self.unk]
        return [self._vocab.get(p, unk) for p in self._src.encode(text, out_type=str)]

    def _piece(self, i: int) -> str | None:
        """Piece of id ``i``, or None for ids to drop (unknown, control, language)."""
        if self._inverse is not None:
            piece = self._inverse.get(i)
        elif 0 <= i < self._tgt.get_piece_size() and not self._tgt.is_control(i):
            piece = self._tgt.id_to_piece(i)
        else:
            piece = None
        if piece is None or piece in self.special:
            return None
        return None if self.family == "m2m100" and _M2M_LANG.match(piece) else piece

    def decode(self, ids: list[int]) -> str:
        keep = [p for p in map(self._piece, ids) if p is not None]
        return self._tgt.decode_pieces(keep).replace("\u2581", " ").strip()


def load_tokenizer(folder: Path, family: str, src_lang: str = "", tgt_lang: str = "", *,
                   normalize_punctuation: bool = False) -> SeqTokenizer:
    """Build the torch-free tokenizer of a model folder (CTranslate2 or transformers).

    Args:
        folder: holds ``tokenizer.json`` or the family's sentencepiece files (and, in a
            CTranslate2 folder, the converted vocabulary).
        family: "mt5", "marian", "mbart50", "nllb" or "m2m100".
        src_lang, tgt_lang: language codes (models.toml ``src_lang``/``tgt_lang``) for the
            families that need them; "" otherwise.
        normalize_punctuation: apply Moses punctuation normalization to the source text
            (see the module docstring; off, like transformers 5.x).

    Raises:
        ModelUnavailableError: no usable tokenizer file, or a file is corrupt.
    """
    folder = Path(folder)
    args = (folder, family, src_lang, tgt_lang, normalize_punctuation)
    try:
        if (folder / "tokenizer.json").is_file():
            return _JsonTokenizer(*args)
        if (folder / "source.spm").is_file():
            target = "target.spm" if (folder / "target.spm").is_file() else "source.spm"
            tok = _SpmTokenizer(*args, source="source.spm", target=target)
            tok.kind = "marian"
            return tok
        if family == "m2m100" and (folder / "sentencepiece.bpe.model").is_file():
            tok = _SpmTokenizer(*args, source="sentencepiece.bpe.model",
                                target="sentencepiece.bpe.model")
            tok.kind = "m2m100"
            return tok
        if family == "mt5" and (folder / "spiece.model").is_file():
            return _SpmTokenizer(*args, source="spiece.model", target="spiece.model")
    except ModelUnavailableError:
        raise
    except Exception as exc:  # tokenizers / sentencepiece parse errors
        raise ModelUnavailableError(
            f"tokenizer in {folder} could not be loaded: {type(exc).__name__}: {exc}",
            hint="convert or download the model again") from exc
    raise ModelUnavailableError(
        f"no tokenizer.json or {family} sentencepiece files in {folder}",
        hint="convert the model again (the converter writes tokenizer.json)")

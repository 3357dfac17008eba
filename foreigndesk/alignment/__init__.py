"""Sentence and paragraph aligner for original/translation pairs (pure Python, no Django).

Signals that need no model: character length ratios learned from the text, numbers read as
quantities, names and cognates compared across scripts, punctuation, an optional bilingual
dictionary, and a word table learned from the document pair itself (self-training).
"""

from .archive import ArchiveTableError, WordTable, learn_word_table
from .documents import (
    TwoLevelAlignment,
    align,
    align_paragraphs_and_sentences,
    check_language,
)
from .lexicon import (
    DictdDictionary,
    DictionarySource,
    MappingDictionary,
    TeiDictionary,
    find_installed_dictionary,
)
from .segment import split_paragraphs, split_sentences
from .unit_aligner import DEFAULT_PARAMS, AlignmentError, Bead, Params

__all__ = [
    "DEFAULT_PARAMS",
    "AlignmentError",
    "ArchiveTableError",
    "Bead",
    "DictdDictionary",
    "DictionarySource",
    "MappingDictionary",
    "Params",
    "TeiDictionary",
    "TwoLevelAlignment",
    "WordTable",
    "align",
    "align_paragraphs_and_sentences",
    "check_language",
    "find_installed_dictionary",
    "learn_word_table",
    "split_paragraphs",
    "split_sentences",
]

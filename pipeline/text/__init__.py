"""Shared text helpers: character classes and regexes (resources), quotes, numerals, word lists
(lexicon) and the jieba tokenizer with sentences (segment)."""

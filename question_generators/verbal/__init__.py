"""Verbal reasoning families: True/False/Cannot-say passages and vocabulary items from a curated lexicon."""

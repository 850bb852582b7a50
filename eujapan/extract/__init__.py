"""Fact extraction from raw texts: plain Python, no Dagster, no network, no model downloads."""

from .facts import EXTRACTOR_VERSION, DocumentFacts, extract_document
from .reference import load_reference


def prepare() -> None:
    """Load the reference data once, before the first text (as a tokenizer loads its rules)."""
    load_reference()


__all__ = ["EXTRACTOR_VERSION", "DocumentFacts", "extract_document", "prepare"]

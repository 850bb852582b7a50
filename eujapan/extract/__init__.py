"""Fact extraction from raw texts: plain Python, no Dagster, no network, no model downloads."""

from .facts import EXTRACTOR_VERSION, DocumentFacts, extract_document

__all__ = ["EXTRACTOR_VERSION", "DocumentFacts", "extract_document"]

"""Who said what: quotation spans, their cues and their speakers as canonical entities."""

from .extract import extract_quotes

__all__ = ["extract_quotes"]

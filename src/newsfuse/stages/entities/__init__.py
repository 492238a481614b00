"""Names and entities: one canonical entity per real-world thing across spellings, transliterations and types."""

from .canonical import canonicalise

__all__ = ["canonicalise"]

"""Claims: statements of the same fact aligned across outlets, with their support and conflicts."""

from .build import align_claims, encode_claim_sentences

__all__ = ["align_claims", "encode_claim_sentences"]

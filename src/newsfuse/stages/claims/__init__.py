"""Claims: statements of the same fact aligned across outlets, with their support and conflicts."""

from .ahead import EncodeAhead, likely_texts
from .align import claim_worthy_texts
from .build import align_claims, encode_claim_sentences

__all__ = ["EncodeAhead", "align_claims", "claim_worthy_texts", "encode_claim_sentences", "likely_texts"]

"""Wire copies: articles that carry another"s text, agency credits, and how many outlets are independent."""

from .attribution import attribute_copies
from .copies import independent_outlets, is_copy, mark_near_duplicates, outlet_key, shingles
from .credits import AGENCIES, Credit, article_credit, sentence_credit

__all__ = [
    "AGENCIES", "Credit", "article_credit", "attribute_copies", "independent_outlets", "is_copy",
    "mark_near_duplicates", "outlet_key", "sentence_credit", "shingles",
]  # fmt: skip

"""Wire copies: articles that carry another"s text, and how many outlets are independent."""

from .copies import independent_outlets, is_copy, mark_near_duplicates, outlet_key, shingles

__all__ = ["independent_outlets", "is_copy", "mark_near_duplicates", "outlet_key", "shingles"]

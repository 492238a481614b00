"""Figures: numbers in digits and words, and the quantities they state with unit, measure, window and source."""

from .numbers import NumberMatch, find_numbers
from .quantities import extract_quantities

__all__ = ["NumberMatch", "extract_quantities", "find_numbers"]

"""The summary: cited extractive sentences, conflict sentences, and the optional checked LLM summary."""

# The LLM module imports httpx only when a summary is asked of an endpoint, so importing it here is free.
from .llm import LLMError, summarise_with_llm
from .rank import summarise

__all__ = ["LLMError", "summarise", "summarise_with_llm"]

"""Places: entities that are locations, resolved to gazetteer points with their context."""

from .geocode import geocode

__all__ = ["geocode"]

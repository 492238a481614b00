"""Offline gazetteer built from GeoNames data (CC BY 4.0) shipped in PyPI packages.

See :mod:`.sources` for what goes in, :mod:`.store` for the on-disk index and
:mod:`.resolve` for choosing among same-named places with context.
"""

from .normalise import normalise_name
from .resolve import DocumentContext, NameQuery, Resolution, likeliest_reading, qualifier_areas, resolve_names
from .sources import NAME_DEMONYM
from .store import Gazetteer, GazetteerEntry, build_index, index_path, open_gazetteer

__all__ = [
    "NAME_DEMONYM", "DocumentContext", "Gazetteer", "GazetteerEntry", "NameQuery", "Resolution", "build_index", "index_path",
    "likeliest_reading", "normalise_name", "open_gazetteer", "qualifier_areas", "resolve_names",
]  # fmt: skip

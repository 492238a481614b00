"""The analysis stages, one sub-package per capability, in pipeline order.

``syndication`` (wire copies) -> ``entities`` -> ``places`` -> ``timeline`` -> ``quotes`` -> ``events`` ->
``figures`` -> ``claims`` -> ``summary``.  Each sub-package's ``__init__`` is its public face: the stage
function and what other packages may use.  Other packages import through that face, never a sibling's
modules; helpers shared by several packages live below them (:mod:`.syntax`, :mod:`.collector`).  The wiring (what each stage
reads and writes) lives in :mod:`newsfuse.pipeline`.
"""

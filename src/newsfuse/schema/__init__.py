"""The JSON Schema of ``briefing.json``, generated from :class:`newsfuse.model.Briefing`.

The generated file is shipped in the package (``briefing.schema.json``) so that users
can validate output without importing newsfuse; a test keeps it in step with the model.
Regenerate with ``python -m newsfuse.schema``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..model import Briefing

SCHEMA_FILE = "briefing.schema.json"


def generated_schema() -> dict[str, Any]:
    schema = Briefing.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsfuse briefing"
    return schema


def shipped_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def main() -> None:
    path = resources.files(__package__).joinpath(SCHEMA_FILE)
    with resources.as_file(path) as real:
        real.write_text(json.dumps(generated_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {real}")


if __name__ == "__main__":
    main()

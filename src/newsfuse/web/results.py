"""Response bodies of the web app that are not core model objects (those come from ``newsfuse.model``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import Skipped

ArticleStatus = Literal["added", "revision", "unchanged"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleResult(_Model):
    """What happened to one article read from an input."""

    id: str
    path: str
    title: str | None = None
    status: ArticleStatus
    duplicate_of: str | None = Field(default=None, description="the stored original this article is a copy of")


class InputResult(_Model):
    """One uploaded file, pasted text or fetched URL, and what became of it."""

    name: str
    articles: list[ArticleResult] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list, description="parts that did not become an article")
    error: str | None = Field(default=None, description="why the whole input was refused")

    @property
    def status(self) -> str:
        """One word for the results table: the worst thing that happened wins only when nothing was added."""
        if self.error is not None:
            return "refused"
        kinds = {a.status for a in self.articles}
        if "added" in kinds or "revision" in kinds:
            return "added" if not any(a.duplicate_of for a in self.articles) else "added (copy)"
        if "unchanged" in kinds:
            return "already stored"
        return "skipped"


class AddResult(_Model):
    inputs: list[InputResult]
    stories: list[str] = Field(default_factory=list, description="stories that received articles")

    @property
    def added(self) -> int:
        return sum(1 for i in self.inputs for a in i.articles if a.status != "unchanged")


class Health(_Model):
    status: Literal["ok"] = "ok"
    version: str
    stories: int
    token_required: bool
    url_fetching: bool

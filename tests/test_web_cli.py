"""``newsfuse serve``: refuses to listen beyond loopback without a token; passes its options to the app."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from newsfuse import cli
from newsfuse.cli import app

runner = CliRunner()


def _plain(output: str) -> str:
    # Typer draws errors in a box that wraps long lines: drop the frame and join the words.
    return " ".join(output.replace("│", " ").split())


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_hosts(host: str) -> None:
    assert cli.is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "newsbox.lan", "example.org"])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not cli.is_loopback(host)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Capture what ``serve`` would start instead of listening on a port."""
    calls: list[dict[str, Any]] = []

    def fake_create_app(**options: Any) -> str:
        calls.append({"app_options": options})
        return "the-app"

    def fake_run(app_object: object, **options: Any) -> None:
        calls.append({"app": app_object, **options})

    import uvicorn

    import newsfuse.web

    monkeypatch.setattr(newsfuse.web, "create_app", fake_create_app)
    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv(cli.TOKEN_ENV, raising=False)
    return calls


def test_public_bind_without_token_refuses_to_start(started: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0 without a token" in _plain(result.output)
    assert started == []


def test_public_bind_with_token_from_env_starts(started: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123", "--db", "/tmp/x.db"],
                           env={cli.TOKEN_ENV: "tok"})
    assert result.exit_code == 0, result.output
    options, run = started
    assert options["app_options"] == {"db_url": "/tmp/x.db", "token": "tok", "allow_urls": False,
                                      "allow_private_urls": False, "writer_process": True}
    assert run == {"app": "the-app", "host": "0.0.0.0", "port": 8123, "log_level": "info"}


def test_loopback_default_and_url_options(started: list[dict[str, Any]]) -> None:
    result = runner.invoke(app, ["serve", "--allow-urls", "--allow-private-urls"])
    assert result.exit_code == 0, result.output
    assert started[0]["app_options"]["allow_urls"] is True
    assert started[0]["app_options"]["allow_private_urls"] is True
    assert started[1]["host"] == "127.0.0.1" and started[1]["port"] == 8000


def test_blank_token_and_private_without_urls_are_usage_errors(started: list[dict[str, Any]]) -> None:
    blank = runner.invoke(app, ["serve", "--token", "   "])
    assert blank.exit_code == 2 and "token is empty" in _plain(blank.output)
    private = runner.invoke(app, ["serve", "--allow-private-urls"])
    assert private.exit_code == 2 and "only makes sense with --allow-urls" in _plain(private.output)
    assert started == []

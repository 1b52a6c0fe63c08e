"""The Slack app manifest asks for exactly the command, events and scopes the app uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yml"
DESCRIPTION_MAX_CHARS = 140  # Slack's limit for display_information.description

# Each bot event needs its own history or read scope; the others serve the answers themselves.
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    "app_home_opened": None,
}
ANSWER_SCOPES = {"commands", "chat:write", "files:write"}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def test_the_manifest_uses_schema_version_1(manifest: dict[str, Any]) -> None:
    assert manifest["_metadata"]["major_version"] == 1


def test_the_app_is_named_and_described_within_slacks_limit(manifest: dict[str, Any]) -> None:
    info = manifest["display_information"]

    assert info["name"] == "compute-advisor"
    assert 0 < len(info["description"]) <= DESCRIPTION_MAX_CHARS


def test_the_bot_user_is_compute_and_always_online(manifest: dict[str, Any]) -> None:
    assert manifest["features"]["bot_user"] == {"display_name": "compute", "always_online": True}


def test_the_home_tab_and_the_messages_tab_are_on(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]

    assert (home["home_tab_enabled"], home["messages_tab_enabled"]) == (True, True)
    assert home["messages_tab_read_only_enabled"] is False


def test_there_is_exactly_one_command_with_its_usage_hint(manifest: dict[str, Any]) -> None:
    [command] = manifest["features"]["slash_commands"]

    assert command["command"] == "/compute"
    assert command["usage_hint"] == "advise <workload> · help · prices [region] · digest [preview]"
    assert command["description"]
    assert command["url"] == "https://example.invalid/slack/events"


def test_the_bot_subscribes_to_exactly_the_intended_events(manifest: dict[str, Any]) -> None:
    events = manifest["settings"]["event_subscriptions"]["bot_events"]

    assert sorted(events) == sorted(EVENT_SCOPES)


def test_the_bot_asks_for_exactly_the_scopes_its_events_and_answers_need(
    manifest: dict[str, Any],
) -> None:
    scopes = manifest["oauth_config"]["scopes"]
    needed = {scope for scope in EVENT_SCOPES.values() if scope} | ANSWER_SCOPES

    assert set(scopes) == {"bot"}
    assert sorted(scopes["bot"]) == sorted(needed)


def test_it_starts_in_socket_mode_with_interactivity_and_no_token_rotation(
    manifest: dict[str, Any],
) -> None:
    settings = manifest["settings"]

    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert (settings["org_deploy_enabled"], settings["token_rotation_enabled"]) == (False, False)


def test_every_http_mode_url_points_at_the_one_events_endpoint(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    urls = {
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        *(command["url"] for command in manifest["features"]["slash_commands"]),
    }

    assert urls == {"https://example.invalid/slack/events"}

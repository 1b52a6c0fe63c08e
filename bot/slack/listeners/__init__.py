"""Bolt listeners, one module per surface, each with its own `register(app, services)`."""

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, home, views
from bot.slack.listeners.services import Services

__all__ = ["Services", "register_listeners"]


def register_listeners(app: App, services: Services) -> None:
    """Register every surface's listeners on `app`."""
    for surface in (commands, events, actions, views, home):
        surface.register(app, services)

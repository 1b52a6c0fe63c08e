"""The three compute services the advisor compares, each with the name people read."""

from __future__ import annotations

from enum import StrEnum


class Service(StrEnum):
    """A compute service. Its value ("lambda") is what JSON output and the database hold."""

    LAMBDA = "lambda"
    FARGATE = "fargate"
    EC2 = "ec2"

    @property
    def display_name(self) -> str:
        """How answers name it: Lambda, Fargate, EC2."""
        return _DISPLAY_NAMES[self]


_DISPLAY_NAMES = {Service.LAMBDA: "Lambda", Service.FARGATE: "Fargate", Service.EC2: "EC2"}


def display_name(service: str) -> str:
    """The display name of a service given by its value ("ec2" -> "EC2"); ValueError for another."""
    return Service(service).display_name

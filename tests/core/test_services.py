"""One enum names the three services: its values are what JSON and the database hold."""

import json

import pytest

from core.services import Service, display_name


def test_the_values_are_the_strings_json_and_the_database_have_always_held():
    assert [s.value for s in Service] == ["lambda", "fargate", "ec2"]
    assert json.dumps({"service": Service.EC2}) == '{"service": "ec2"}'
    assert Service.FARGATE == "fargate"


@pytest.mark.parametrize(("value", "shown"), [("lambda", "Lambda"), ("fargate", "Fargate"), ("ec2", "EC2")])
def test_each_service_has_the_name_answers_use(value, shown):
    assert display_name(value) == shown
    assert Service(value).display_name == shown


def test_a_value_that_is_no_service_is_refused():
    with pytest.raises(ValueError, match="'ecs'"):
        display_name("ecs")

"""The advise form's submission: checked before the ack (errors go back on the form), answered after."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.slack.blocks import FORM_CALLBACK, build_apology, form_errors, form_text
from bot.slack.listeners.boundary import listener_boundary, tell_privately
from bot.slack.listeners.payloads import FormSubmission
from bot.slack.listeners.posting import post_answer
from bot.slack.listeners.services import Services
from core.conversation import fresh_answer
from core.errors import InvalidInput
from core.workload import Workload, parse_workload

SOMETHING_WENT_WRONG = {"more": "Sorry, something went wrong on my side. Please try again."}


def read_form(services: Services, submission: FormSubmission) -> Workload:
    """The workload the form describes, in a region with prices; InvalidInput naming the field."""
    workload = parse_workload(form_text(submission.values))
    services.catalog.check_region(workload.region)
    return workload


def check_form(services: Services, ack: Ack, body: dict[str, Any]) -> bool:
    """Ack the submission: close the form (True), or keep it open with the problem on its field."""
    try:
        read_form(services, FormSubmission.model_validate(body))
    except InvalidInput as error:
        ack(response_action="errors", errors=form_errors(error))
        return False
    ack()
    return True


def answer_form(services: Services, client: WebClient, submission: FormSubmission, respond: Respond) -> None:
    """Post the form's answer in the channel it was opened from."""
    workload = read_form(services, submission)
    reply = fresh_answer(workload, services.catalog)
    assert reply.answer is not None  # fresh_answer always answers
    channel = (submission.team_id, submission.origin.channel_id)
    post_answer(services, client, channel, answer=reply.answer, workload=workload, respond=respond)


def answer_submission(services: Services, body: dict[str, Any], client: WebClient) -> None:
    """Post the form's answer, after the ack; a failure is apologised for to whoever submitted."""
    respond: Respond | None = None  # known once the form's origin is read

    def apologise() -> None:
        if respond is not None:
            tell_privately(respond, build_apology())

    with listener_boundary("advise form", apologise):
        submission = FormSubmission.model_validate(body)
        respond = Respond(response_url=submission.origin.response_url)
        answer_form(services, client, submission, respond)


def register(app: App, services: Services) -> None:
    """The form's submission: checked before the ack, answered on the answer pool."""

    def on_submission(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        def apologise() -> None:
            ack(response_action="errors", errors=SOMETHING_WENT_WRONG)

        with listener_boundary("advise form check", apologise):
            if check_form(services, ack, body):
                services.answer_later(answer_submission, services, body, client)

    app.view(FORM_CALLBACK)(on_submission)

"""The advise form's submission: checked before the ack (errors go back on the form), answered after."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.slack.blocks import FORM_CALLBACK, build_apology, form_errors, form_text
from bot.slack.listeners.boundary import listener_boundary, tell_privately
from bot.slack.listeners.payloads import FormSubmission
from bot.slack.listeners.posting import post_answer
from bot.slack.listeners.services import Services, installation_id
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


def answer_form(
    services: Services, client: WebClient, submission: FormSubmission, respond: Respond, team_id: str
) -> None:
    """Post the form's answer in the channel it was opened from (a form the ack kept open, with its
    problem on the field, has nothing to answer)."""
    try:
        workload = read_form(services, submission)
    except InvalidInput:
        return
    reply = fresh_answer(workload, services.catalog)
    assert reply.answer is not None  # fresh_answer always answers
    channel = (team_id, submission.origin.channel_id)
    post_answer(services, client, channel, answer=reply.answer, workload=workload, respond=respond)


def answer_submission(
    services: Services, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Post the form's answer, after the ack; a failure is apologised for to whoever submitted."""
    respond: Respond | None = None  # known once the form's origin is read

    def apologise() -> None:
        if respond is not None:
            tell_privately(respond, build_apology())

    with listener_boundary("advise form", apologise):
        submission = FormSubmission.model_validate(body)
        respond = Respond(response_url=submission.origin.response_url)
        answer_form(services, client, submission, respond, installation_id(context))


def register(app: App, services: Services) -> None:
    """The form's submission: checked in the ack (its errors travel in it), answered by a lazy listener."""

    def check(ack: Ack, body: dict[str, Any]) -> None:
        def apologise() -> None:
            ack(response_action="errors", errors=SOMETHING_WENT_WRONG)

        with listener_boundary("advise form check", apologise):
            check_form(services, ack, body)

    def answer(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        answer_submission(services, body, client, context)

    app.view(FORM_CALLBACK)(ack=check, lazy=[answer])

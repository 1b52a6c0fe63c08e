from decimal import Decimal as D

from core.conversation import ReplyKind, reply_to, split_command


def test_mentions_and_the_slash_command_are_stripped():
    assert split_command("<@U0BOT> advise 3M requests") == ("advise", "3M requests")
    assert split_command("/compute advise 1M requests") == ("advise", "1M requests")
    assert split_command("  help ") == ("help", "")


def test_advise_answers_and_keeps_the_workload(catalog):
    reply = reply_to("advise 3M requests/month, 120ms avg, 1.5GB", None, catalog)
    assert reply.kind is ReplyKind.ANSWER
    assert reply.workload.monthly_requests == 3_000_000
    assert reply.answer.headline.startswith("Lambda: $")


def test_advise_with_nothing_asks_for_the_form(catalog):
    assert reply_to("advise", None, catalog).kind is ReplyKind.FORM


def test_a_follow_up_changes_the_last_workload_and_says_what_changed(catalog):
    first = reply_to("advise 3M requests/month, 120ms avg, 1.5GB", None, catalog)
    second = reply_to("what if traffic triples?", first.workload, catalog)
    assert second.workload.monthly_requests == D(9_000_000)
    assert "requests: 3M → 9M" in second.answer.changes
    # $9.60 of requests and duration, $3.00 of HTTP API and $1.07 of logs
    assert any(c.startswith("Lambda: $13.67 → $") for c in second.answer.changes)


def test_a_bad_follow_up_keeps_the_last_workload(catalog):
    first = reply_to("advise 3M requests/month, 120ms avg, 1.5GB", None, catalog)
    reply = reply_to("make it purple", first.workload, catalog)
    assert reply.kind is ReplyKind.ERROR
    assert reply.workload == first.workload


def test_prices_lists_the_regions_unit_prices(catalog):
    reply = reply_to("prices eu-west-1", None, catalog)
    assert reply.kind is ReplyKind.PRICES
    assert "EU (Ireland)" in reply.text
    assert "Lambda x86_64: $0.20 per 1M requests" in reply.text


def test_prices_for_an_unknown_region_is_a_clear_error(catalog):
    reply = reply_to("prices eu-wst-1", None, catalog)
    assert reply.kind is ReplyKind.ERROR
    assert "closest: eu-west-1" in reply.text


def test_a_near_miss_of_a_command_gets_did_you_mean_and_keeps_the_last_workload(catalog):
    first = reply_to("advise 3M requests/month, 120ms avg, 1.5GB", None, catalog)
    for text in (
        "/compute advize 3M requests",
        "advize 3M requests",
        "advice 3M requests",
        "prics eu-west-1",
    ):
        reply = reply_to(text, first.workload, catalog)
        assert reply.kind is ReplyKind.ERROR
        assert "did you mean" in reply.text
        assert reply.workload == first.workload


def test_an_unknown_slash_command_lists_the_commands_and_follow_ups_are_not_commands(catalog):
    first = reply_to("advise 3M requests/month, 120ms avg, 1.5GB", None, catalog)
    assert reply_to("/compute banana", first.workload, catalog).text == (
        "`banana` isn't a command: try advise, prices, help"
    )
    assert reply_to("what if traffic triples?", first.workload, catalog).kind is ReplyKind.ANSWER
    assert reply_to("<@U0BOT> arm64?", first.workload, catalog).kind is ReplyKind.ANSWER


def test_korean_and_named_workloads_are_answered_in_english(catalog):
    reply = reply_to("advise 월 300만 요청, 평균 120ms, 메모리 1.5GB", None, catalog)
    assert reply.answer.headline == "Lambda: $13.67 a month"
    follow = reply_to("트래픽이 3배가 되면?", reply.workload, catalog)
    assert "requests: 3M → 9M" in follow.answer.changes

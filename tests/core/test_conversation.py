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
    assert any(c.startswith("Lambda: $9.60 → $") for c in second.answer.changes)


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

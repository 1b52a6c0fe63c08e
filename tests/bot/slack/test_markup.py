"""Slack's markup and escaping, read into what the person typed (Slack's "Formatting text" rules)."""

import pytest

from bot.slack.markup import plain_text


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        ("advise 3M requests/month &amp; 120ms &amp; 1.5GB", "advise 3M requests/month & 120ms & 1.5GB"),
        ("what if traffic triples &amp; arm64?", "what if traffic triples & arm64?"),
        ("advise api &lt;200ms, 2GB", "advise api <200ms, 2GB"),
        ("duration &gt; 1s", "duration > 1s"),
        ("a literal &amp;lt; stays", "a literal &lt; stays"),
        ("ask <@U024BE7LH|bob> in <#C024BE7LR|general>", "ask @bob in #general"),
        ("ask <@U024BE7LH> in <#C024BE7LR>", "ask @U024BE7LH in #C024BE7LR"),
        ("see <https://aws.amazon.com/lambda/pricing/|the prices>", "see the prices"),
        ("see <https://aws.amazon.com/lambda/pricing/>", "see https://aws.amazon.com/lambda/pricing/"),
        ("<!here> advise 3M requests", "@here advise 3M requests"),
        ("<!subteam^S0123|@platform> look", "@platform look"),
        ("<mailto:ops@example.com|ops@example.com> &lt;3", "ops@example.com <3"),
    ],
)
def test_markup_is_read_and_entities_unescaped_after_it(sent, typed):
    assert plain_text(sent) == typed


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        ("<@UBOT> advise 3M requests, 120ms", "advise 3M requests, 120ms"),
        ("hey <@UBOT> advise 3M requests, 120ms", "advise 3M requests, 120ms"),
        ("hey <@UBOT|compute>: what if traffic triples?", "what if traffic triples?"),
        ("arm64? <@UBOT>", "arm64?"),
        ("<@UOTHER> and <@UBOT> arm64?", "arm64?"),
    ],
)
def test_the_bots_own_mention_is_taken_out_wherever_it_stands(sent, typed):
    assert plain_text(sent, "UBOT") == typed


def test_text_without_markup_is_left_as_typed():
    assert plain_text("  advise nightly job, 40 minutes  ", "UBOT") == "advise nightly job, 40 minutes"

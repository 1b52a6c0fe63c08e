"""The weekly digest in the shell: gather usage, compose, post to Slack, on a schedule.

For the Slack app: `digest_command` answers `/compute digest [preview]`, `OPEN_NOTE_ACTION` is the
action id of each note's button (its value is the note's workload as compact JSON), and
`add_digest_job` adds the weekly job to the app's scheduler.
"""

from bot.digest.blocks import OPEN_NOTE_ACTION, build_digest_blocks
from bot.digest.command import digest_command, is_digest_admin, refusal_text
from bot.digest.compose import IsoWeek, aws_usage, compose_digest, iso_week
from bot.digest.post import NoDigestChannel, PostOutcome, post_digest, preview_digest
from bot.digest.schedule import JOB_ID, add_digest_job, run_digest_job

__all__ = [
    "JOB_ID",
    "OPEN_NOTE_ACTION",
    "IsoWeek",
    "NoDigestChannel",
    "PostOutcome",
    "add_digest_job",
    "aws_usage",
    "build_digest_blocks",
    "compose_digest",
    "digest_command",
    "is_digest_admin",
    "iso_week",
    "post_digest",
    "preview_digest",
    "refusal_text",
    "run_digest_job",
]

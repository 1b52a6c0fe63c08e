"""Named defaults for what a workload doesn't say. Each one the advice uses is stated back in the
answer's assumptions, can be overridden by a key, and is explained in the README."""

from __future__ import annotations

from decimal import Decimal

TARGET_UTILIZATION = Decimal("0.6")  # target tracking holds CPU here, leaving room for bursts
MIN_TASKS = 2  # two tasks or instances, in two Availability Zones, for availability
PEAK_FACTOR = Decimal(3)  # peak rate = 3x the average when only the average is known
MB_PER_VCPU = Decimal(1769)  # Lambda allots one full vCPU at 1,769 MB
LAMBDA_MAX_VCPU = Decimal(6)
LAMBDA_MEMORY_MB = Decimal(1024)  # per invocation, when not given
JOB_VCPU = Decimal(1)
GB_PER_VCPU = Decimal(2)  # memory to go with vCPU, or vCPU with memory, when only one is given
EC2_BOOT_S = Decimal(60)  # a per-run instance is billed while it boots and sets up

# The capacity model of request-driven fleets (README: "How advice is worked out").
# An I/O-bound API spends most of a request waiting on its database and downstream calls:
# CPU time is a fifth of its duration unless cpu_ms= (or "CPU-bound") says otherwise.
CPU_SHARE_OF_DURATION = Decimal("0.2")
# One service process holds its runtime, framework and caches whatever its traffic; each request
# in flight adds a little working memory. A Lambda memory setting, when given, is what one
# execution environment (runtime, code and one request) needs, so it is the base instead.
BASE_MEMORY_MB = Decimal(512)
REQUEST_MEMORY_MB = Decimal(32)
# An instance keeps memory for its OS and agents (kernel, systemd, SSM and CloudWatch agents).
EC2_OS_MEMORY_MB = Decimal(256)
# Around the compute (README: "The front door and overheads").
REQUEST_KB = Decimal(10)  # bytes in and out per request, headers included, as a load balancer counts them
REQUESTS_PER_CONNECTION = Decimal(10)  # clients keep connections alive (HTTP keep-alive)
LOG_KB = Decimal("0.5")  # application log per request: an access line and a little more
LAMBDA_PLATFORM_LOG_KB = Decimal("0.25")  # START, END and REPORT lines of each invocation
ROOT_EBS_GB = Decimal(8)  # an instance's root gp3 volume, the common AMI default
# What a Compute Savings Plan typically takes off the compute it covers, until AWS's own rates are
# stored (issue 13). 1-year, no upfront: about 28% off EC2 (m5.large $0.096 -> $0.069 an hour),
# 20% off Fargate and 12% off Lambda duration; 3-year, all upfront: AWS quotes up to 66%, 52% and
# 17% (Savings Plans pricing page, the Fargate and Lambda pricing pages).
SAVINGS_PLAN_TYPICAL = {
    "1-year": {"ec2": Decimal("0.28"), "fargate": Decimal("0.20"), "lambda": Decimal("0.12")},
    "3-year": {"ec2": Decimal("0.66"), "fargate": Decimal("0.52"), "lambda": Decimal("0.17")},
}

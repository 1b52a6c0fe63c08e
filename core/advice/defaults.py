"""Named defaults for what a workload doesn't say. Each one the advice uses is stated back."""

from __future__ import annotations

from decimal import Decimal

TARGET_UTILIZATION = Decimal("0.6")  # headroom for bursts: containers sized to run at 60%
MIN_TASKS = 2  # two tasks or instances, in two zones, for availability
PEAK_FACTOR = Decimal(3)  # peak rate = 3x the average when only the average is known
MB_PER_VCPU = Decimal(1769)  # Lambda allots one full vCPU at 1,769 MB
LAMBDA_MAX_VCPU = Decimal(6)
LAMBDA_MEMORY_MB = Decimal(1024)  # per invocation, when not given
JOB_VCPU = Decimal(1)
GB_PER_VCPU = Decimal(2)  # memory to go with vCPU, or vCPU with memory, when only one is given
EC2_BOOT_S = Decimal(60)  # a per-run instance is billed while it boots and sets up

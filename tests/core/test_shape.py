"""Traffic shapes: the daily curve from a peak factor, and factors of observed hourly series."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from core.advice.shape import MAX_CURVE_PEAK, PEAK_HOUR, TROUGH_HOUR, daily_shape, observed_shape
from core.factors import factors_of, to_steps
from core.usage import week_shape


@pytest.mark.parametrize("peak", [D("1.5"), D(2), D(3), D(5), D(10)])
def test_the_daily_curve_peaks_at_its_factor_at_two_in_the_afternoon_with_mean_one(peak):
    shape = daily_shape(peak)
    assert len(shape.factors) == 24
    assert sum(shape.factors) == 24  # mean exactly 1, to the step
    assert shape.factors[PEAK_HOUR] == peak == max(shape.factors)
    assert shape.factors[TROUGH_HOUR] == min(shape.factors) >= 0  # a 10x peak is ~0 at night
    assert all(f == f.quantize(D("0.001")) for f in shape.factors)


def test_a_trough_below_the_factors_step_is_said_to_be_under_it_not_zero():
    steep, gentle = daily_shape(D(10)), daily_shape(D(3))
    assert steep.trough == 0  # floored to the step: the hour still has some traffic
    assert "trough under 0.001x at 02:00" in steep.describe()
    assert "trough 0.089x at 02:00" in gentle.describe()
    observed = observed_shape((D(0), D(2)) * 12)  # an hour observed empty is said as it was seen
    assert "quietest 0x" in observed.describe()


def test_a_peak_factor_of_one_is_a_flat_day():
    assert daily_shape(D(1)).factors == (D(1),) * 24
    assert daily_shape(D(1)).describe() == "steady: the same rate every hour (peak_factor=1)"


def test_a_peak_above_what_a_day_can_hold_is_a_spike_the_busiest_hour_is_sized_for():
    shape = daily_shape(D(30))
    assert max(shape.factors) == MAX_CURVE_PEAK
    assert shape.peak_factor == 30
    assert "a spike within an hour" in shape.describe()


def test_factors_of_a_series_are_its_values_over_their_mean_summing_to_the_hours():
    assert factors_of([D(1), D(2), D(3)]) == (D("0.5"), D(1), D("1.5"))
    thirds = factors_of([D(1), D(1), D(1), D(0)])  # 4/3 each: the leftover step goes somewhere
    assert thirds is not None and sum(thirds) == 4
    assert sorted(thirds) == [D(0), D("1.333"), D("1.333"), D("1.334")]
    assert factors_of([D(0), D(0)]) is None


def test_steps_keep_the_peak_hour_at_its_own_rounding():
    steps = to_steps([D("0.3333"), D("0.3333"), D("2.3334")], peak_hour=2)
    assert steps[2] == D("2.333")
    assert sum(steps) == 3


def test_an_observed_week_is_the_mean_of_each_hour_of_the_week():
    monday = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday
    points = []
    for week in range(2):
        for hour in range(168):
            busy = 3 if hour % 24 == 14 else 1  # every day's 14:00 is 3x the other hours
            points.append((monday + timedelta(weeks=week, hours=hour), D(busy * (week + 1))))
    factors = week_shape(points)
    assert factors is not None and len(factors) == 168
    assert sum(factors) == 168
    assert factors[14] == factors[14 + 24 * 6] == D("2.770")  # 3 / (26/24) = 2.7692: floored, then given
    # one of the 14 steps left over (the largest remainders are the seven busy hours')
    assert observed_shape(factors).describe().startswith("observed hourly shape over a week")


def test_a_week_with_an_hour_never_seen_is_no_shape():
    monday = datetime(2026, 11, 2, tzinfo=UTC)
    points = [(monday + timedelta(hours=h), D(1)) for h in range(167)]
    assert week_shape(points) is None

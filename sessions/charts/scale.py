"""Small helpers the server-rendered SVG charts share: rounding to SVG user units and linear scales.

The trend chart (`trend_chart.py`), the assessment course chart (`course_chart.py`) and the quality
report's bars all place values the same way, so a change of precision or clamping happens once.
"""

from dataclasses import dataclass


def rounded(value) -> float:
    """One decimal is finer than a pixel at any size the charts are drawn."""
    return round(float(value), 1)


@dataclass(frozen=True)
class Tick:
    """A labelled position on an axis; `clock` is a second, smaller line (a time or a date)."""

    position: float
    label: str
    clock: str = ""


@dataclass(frozen=True)
class LinearScale:
    """Maps a value in [low, high] to a position in [start, end] (end may be below start for y)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value) -> float:
        return self.place(value)[0]

    def place(self, value) -> tuple[float, bool]:
        """The position of `value`, clamped to the scale, and whether it had to be clamped."""
        clamped = min(max(float(value), self.low), self.high)
        span = (self.high - self.low) or 1.0
        return rounded(self.start + (clamped - self.low) / span * (self.end - self.start)), clamped != float(value)

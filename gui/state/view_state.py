"""What the user is looking at: visible time range, selection, cursor, active tier and the
selected interval or boundary. One source of truth that all the stacked time views follow.

Qt-free; views subscribe to ``changed`` (called with the name of what changed: "visible",
"selection", "cursor" or "focus")."""

from __future__ import annotations

from dataclasses import dataclass

from gui.state.events import Event

MIN_SPAN = 0.002  # seconds: the narrowest visible window (about 32 samples at 16 kHz)


@dataclass(frozen=True)
class TierItem:
    """A selected interval (``index`` = interval number) or boundary (``index`` = k, the
    boundary between intervals k-1 and k) or point on tier ``tier``."""

    tier: int
    index: int
    kind: str = "interval"  # "interval", "boundary" or "point"


class ViewState:
    def __init__(self, duration: float = 1.0) -> None:
        self.changed = Event()
        self.duration = max(float(duration), MIN_SPAN)
        self.visible: tuple[float, float] = (0.0, self.duration)
        self.selection: tuple[float, float] | None = None
        self.cursor: float = 0.0
        self.active_tier: int = 0
        self.focus: TierItem | None = None

    # -- the whole file ----------------------------------------------------------------
    def reset(self, duration: float) -> None:
        self.duration = max(float(duration), MIN_SPAN)
        self.selection = None
        self.cursor = 0.0
        self.focus = None
        self.active_tier = 0
        self.visible = (0.0, self.duration)
        for kind in ("selection", "cursor", "focus", "visible"):
            self.changed.emit(kind)

    # -- visible window ----------------------------------------------------------------
    def set_visible(self, start: float, end: float) -> None:
        """Show ``start``..``end``, kept inside the file and at least MIN_SPAN wide."""
        span = min(max(end - start, MIN_SPAN), self.duration)
        start = min(max(start, 0.0), self.duration - span)
        new = (start, start + span)
        if _close(new, self.visible):
            return
        self.visible = new
        self.changed.emit("visible")

    @property
    def span(self) -> float:
        return self.visible[1] - self.visible[0]

    def zoom(self, factor: float, center: float | None = None) -> None:
        """Divide the visible span by ``factor`` (>1 zooms in) keeping ``center`` in place."""
        start, end = self.visible
        if center is None:
            center = (start + end) / 2
        center = min(max(center, start), end)
        new_span = min(max(self.span / factor, MIN_SPAN), self.duration)
        ratio = (center - start) / self.span if self.span else 0.5
        self.set_visible(center - ratio * new_span, center - ratio * new_span + new_span)

    def zoom_in(self) -> None:
        self.zoom(2.0, self._zoom_anchor())

    def zoom_out(self) -> None:
        self.zoom(0.5, self._zoom_anchor())

    def zoom_all(self) -> None:
        self.set_visible(0.0, self.duration)

    def zoom_to_selection(self) -> None:
        if self.selection is not None:
            self.set_visible(*self.selection)

    def scroll(self, fraction: float) -> None:
        """Move the window by ``fraction`` of its width (negative: to the left)."""
        start, end = self.visible
        shift = fraction * (end - start)
        self.set_visible(start + shift, end + shift)

    def scroll_to(self, start: float) -> None:
        self.set_visible(start, start + self.span)

    def ensure_visible(self, time: float) -> None:
        """Scroll just enough to bring ``time`` into view (the play line follows this)."""
        start, end = self.visible
        if time < start or time > end:
            self.scroll_to(time - 0.1 * self.span)

    def _zoom_anchor(self) -> float:
        if self.selection is not None:
            return (self.selection[0] + self.selection[1]) / 2
        return self.cursor

    # -- cursor, selection, focus --------------------------------------------------------
    def set_cursor(self, time: float) -> None:
        time = min(max(float(time), 0.0), self.duration)
        if time != self.cursor:
            self.cursor = time
            self.changed.emit("cursor")

    def set_selection(self, start: float | None, end: float | None = None) -> None:
        """Select ``start``..``end`` (ordered, clipped to the file); ``None`` clears it."""
        if start is None or end is None:
            new = None
        else:
            a, b = sorted((min(max(start, 0.0), self.duration), min(max(end, 0.0),
                                                                      self.duration)))
            new = (a, b) if b - a > 0 else None
        if new != self.selection:
            self.selection = new
            self.changed.emit("selection")

    def set_focus(self, item: TierItem | None) -> None:
        if item is not None and item.tier != self.active_tier:
            self.active_tier = item.tier
        if item != self.focus:
            self.focus = item
            self.changed.emit("focus")

    def set_active_tier(self, tier: int) -> None:
        if tier != self.active_tier:
            self.active_tier = tier
            self.focus = None
            self.changed.emit("focus")

    def play_range(self) -> tuple[float, float]:
        """What Tab plays: the selection, or else the visible window."""
        return self.selection if self.selection is not None else self.visible


def _close(a: tuple[float, float], b: tuple[float, float], eps: float = 1e-9) -> bool:
    return abs(a[0] - b[0]) < eps and abs(a[1] - b[1]) < eps

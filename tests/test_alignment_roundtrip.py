"""Property tests: long <-> short <-> JSON <-> long round trips are exact, bit for bit."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.alignment import Interval, IntervalTier, Point, PointTier, TextGrid
from analysis.alignment.dataset_json import format_json, parse_json
from analysis.alignment.io import decode_text, encode_text
from analysis.alignment.praat_text import format_textgrid, parse_textgrid
from analysis.alignment.validation import repair, validate
from tests.support.praat import our_view, praat_view

# Unicode labels with quotes, doubled quotes, line breaks of every kind and IPA.
LABEL_CHARS = st.characters(blacklist_categories=("Cs",))
labels = st.one_of(
    st.text(LABEL_CHARS, max_size=12),
    st.lists(st.sampled_from(['"', '""', "\n", "\r\n", "\r", " ", "ɑ̃", "ʒ", "il", "!", "<a>"]),
             max_size=6).map("".join),
)
times = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def interval_tiers(draw, xmin, xmax, label=labels):
    inner = draw(st.lists(st.floats(min_value=xmin, max_value=xmax, exclude_min=True,
                                    exclude_max=True), max_size=8, unique=True))
    bounds = [xmin, *sorted(inner), xmax]
    intervals = tuple(Interval(a, b, draw(label)) for a, b in zip(bounds, bounds[1:],
                                                                  strict=False))
    return IntervalTier(draw(label), intervals, xmin, xmax)


@st.composite
def point_tiers(draw, xmin, xmax, label=labels):
    marks = draw(st.lists(st.floats(min_value=xmin, max_value=xmax), max_size=5, unique=True))
    return PointTier(draw(label), tuple(Point(t, draw(label)) for t in sorted(marks)),
                     xmin, xmax)


@st.composite
def grids(draw, label=labels):
    xmin = draw(times)
    xmax = xmin + draw(st.floats(min_value=1e-3, max_value=1e4))
    tiers = [draw(interval_tiers(xmin, xmax, label))]
    for _ in range(draw(st.integers(0, 2))):
        tiers.insert(draw(st.integers(0, len(tiers))), draw(st.one_of(
            interval_tiers(xmin, xmax, label), point_tiers(xmin, xmax, label))))
    return TextGrid(xmin, xmax, tuple(tiers))


def exact(grid: TextGrid) -> str:
    """repr shows every bit of every float (and -0.0), so equal reprs mean identical grids."""
    return repr(grid)


@settings(max_examples=60, deadline=None)
@given(grids())
def test_long_short_json_long_round_trip_is_exact(grid):
    long_ = parse_textgrid(format_textgrid(grid))
    short = parse_textgrid(format_textgrid(long_, short=True))
    via_json, _ = parse_json(format_json(short))
    back = parse_textgrid(format_textgrid(via_json))
    for step in (long_, short, via_json, back):
        assert exact(step) == exact(grid)


@settings(max_examples=40, deadline=None)
@given(grids(), st.sampled_from(["utf-8", "utf-16", "utf-16-le"]))
def test_encoded_files_decode_to_the_same_grid(grid, encoding):
    data = encode_text(format_textgrid(grid), encoding)
    assert exact(parse_textgrid(decode_text(data))) == exact(grid)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2, max_size=2))
def test_any_finite_time_survives_every_format(pair):
    a, b = sorted(pair)
    assume(a != b)
    grid = TextGrid(a, b, (IntervalTier("w", (Interval(a, b, "x"),), a, b),))
    assert exact(parse_textgrid(format_textgrid(grid, short=True))) == exact(grid)
    assert exact(parse_json(format_json(grid))[0]) == exact(grid)


# Praat turns every vertical space (CR, CR LF, VT, FF, NEL, U+2028/9) inside labels into LF and
# stores C strings, and drops U+FEFF: keep those out here (our own reader keeps them as they are).
PRAAT_LABELS = st.text(st.characters(blacklist_categories=("Cs",),
                                     blacklist_characters="\r\x00\x0b\x0c\x85\u2028\u2029\ufeff"),
                       max_size=8)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grids(PRAAT_LABELS), st.sampled_from(["long", "short"]),
       st.sampled_from(["utf-8", "utf-16"]))
def test_praat_reads_our_random_grids_identically(tmp_path, grid, fmt, encoding):
    path = tmp_path / "ours.TextGrid"
    path.write_bytes(encode_text(format_textgrid(grid, short=fmt == "short"), encoding))
    assert praat_view(path) == our_view(grid)


@st.composite
def messy_grids(draw):
    """Grids with every problem validation knows: overlaps, gaps, reversed, slivers, -0."""
    special = st.sampled_from([-0.0, 0.0, 1e-7, 0.5, 0.5 + 1e-9, 1.0, 2.0])
    time = st.one_of(special, st.floats(min_value=-1.0, max_value=3.0))
    tiers = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            intervals = tuple(Interval(draw(time), draw(time), draw(labels))
                              for _ in range(draw(st.integers(0, 6))))
            tiers.append(IntervalTier("w", intervals, draw(time), draw(time)))
        else:
            points = tuple(Point(draw(time), draw(labels)) for _ in range(draw(st.integers(0, 4))))
            tiers.append(PointTier("p", points, draw(time), draw(time)))
    return TextGrid(draw(time), draw(time), tuple(tiers))


@settings(max_examples=150, deadline=None)
@given(messy_grids())
def test_repair_leaves_nothing_to_report_and_says_what_it_changed(grid):
    fixed, changes = repair(grid)
    degenerate = fixed.xmax - fixed.xmin < 1e-6  # a grid shorter than a sliver
    if not degenerate:
        assert validate(fixed) == []
    assert bool(changes) == (exact(fixed) != exact(grid))
    assert repair(fixed) == (fixed, []) or degenerate

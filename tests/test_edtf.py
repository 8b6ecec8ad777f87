"""EDTF parsing: the supported subset, its derived fields, and the fast query-bound path."""

import datetime as dt

import pytest

from service.edtf import EdtfError, ParsedDate, parse_bound, parse_edtf

D = dt.date
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    """Build the expected tz-aware UTC sort key."""
    return dt.datetime(*args, tzinfo=UTC)


# text, start, end, sort_at, precision, approximate, uncertain, display
VALID = [
    (
        "2021-12-15",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15),
        "day",
        False,
        False,
        "15 December 2021",
    ),
    ("2021-12-05", D(2021, 12, 5), D(2021, 12, 5), utc(2021, 12, 5), "day", False, False, "5 December 2021"),
    ("2021-12", D(2021, 12, 1), D(2021, 12, 31), utc(2021, 12, 1), "month", False, False, "December 2021"),
    ("2021", D(2021, 1, 1), D(2021, 12, 31), utc(2021, 1, 1), "year", False, False, "2021"),
    ("2016-08~", D(2016, 8, 1), D(2016, 8, 31), utc(2016, 8, 1), "month", True, False, "c. August 2016"),
    ("2021?", D(2021, 1, 1), D(2021, 12, 31), utc(2021, 1, 1), "year", False, True, "2021?"),
    ("2021-11%", D(2021, 11, 1), D(2021, 11, 30), utc(2021, 11, 1), "month", True, True, "c. November 2021?"),
    (
        "2021-12-15~",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15),
        "day",
        True,
        False,
        "c. 15 December 2021",
    ),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29), utc(2024, 2, 29), "day", False, False, "29 February 2024"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), utc(2024, 2, 1), "month", False, False, "February 2024"),
    ("2023-02", D(2023, 2, 1), D(2023, 2, 28), utc(2023, 2, 1), "month", False, False, "February 2023"),
    (
        "2021-12-15T11:07:00+03:00",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15, 8, 7),
        "time",
        False,
        False,
        "15 December 2021, 11:07 UTC+03:00",
    ),
    (
        "2021-12-15T11:07:00Z",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15, 11, 7),
        "time",
        False,
        False,
        "15 December 2021, 11:07 UTC",
    ),
    (
        "2021-12-15T11:07:30+00:00",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15, 11, 7, 30),
        "time",
        False,
        False,
        "15 December 2021, 11:07:30 UTC",
    ),
    (
        "2021-12-15T23:30:00-05:00",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 16, 4, 30),
        "time",
        False,
        False,
        "15 December 2021, 23:30 UTC-05:00",
    ),
    (
        "2021-12-15T01:00:00+09:00",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 14, 16),
        "time",
        False,
        False,
        "15 December 2021, 01:00 UTC+09:00",
    ),
    (
        "2021-12-15T11:07:00-03:30",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15, 14, 37),
        "time",
        False,
        False,
        "15 December 2021, 11:07 UTC-03:30",
    ),
    (
        "2021-12-09/2021-12-10",
        D(2021, 12, 9),
        D(2021, 12, 10),
        utc(2021, 12, 9),
        "day",
        False,
        False,
        "9–10 December 2021",
    ),
    (
        "2016-08-05/2016-08-21",
        D(2016, 8, 5),
        D(2016, 8, 21),
        utc(2016, 8, 5),
        "day",
        False,
        False,
        "5–21 August 2016",
    ),
    (
        "2021-06-28/2021-12-15",
        D(2021, 6, 28),
        D(2021, 12, 15),
        utc(2021, 6, 28),
        "day",
        False,
        False,
        "28 June – 15 December 2021",
    ),
    (
        "2021-06/2021-12",
        D(2021, 6, 1),
        D(2021, 12, 31),
        utc(2021, 6, 1),
        "month",
        False,
        False,
        "June – December 2021",
    ),
    (
        "2021-12/2022-02",
        D(2021, 12, 1),
        D(2022, 2, 28),
        utc(2021, 12, 1),
        "month",
        False,
        False,
        "December 2021 – February 2022",
    ),
    (
        "2021-06/2022",
        D(2021, 6, 1),
        D(2022, 12, 31),
        utc(2021, 6, 1),
        "year",
        False,
        False,
        "June 2021 – 2022",
    ),
    ("2016/2017", D(2016, 1, 1), D(2017, 12, 31), utc(2016, 1, 1), "year", False, False, "2016–2017"),
    ("2021/2021", D(2021, 1, 1), D(2021, 12, 31), utc(2021, 1, 1), "year", False, False, "2021"),
    (
        "2021-12/2021-12-15",
        D(2021, 12, 1),
        D(2021, 12, 15),
        utc(2021, 12, 1),
        "month",
        False,
        False,
        "December 2021 – 15 December 2021",
    ),
    ("2020-03/..", D(2020, 3, 1), None, utc(2020, 3, 1), "month", False, False, "since March 2020"),
    ("2020-03-04~/..", D(2020, 3, 4), None, utc(2020, 3, 4), "day", True, False, "since c. 4 March 2020"),
    ("2019~/2021", D(2019, 1, 1), D(2021, 12, 31), utc(2019, 1, 1), "year", True, False, "c. 2019 – 2021"),
    (
        "2021-12-09/2021-12-10?",
        D(2021, 12, 9),
        D(2021, 12, 10),
        utc(2021, 12, 9),
        "day",
        False,
        True,
        "9 December 2021 – 10 December 2021?",
    ),
    (
        "2016%/2018-05~",
        D(2016, 1, 1),
        D(2018, 5, 31),
        utc(2016, 1, 1),
        "year",
        True,
        True,
        "c. 2016? – c. May 2018",
    ),
    # intervals with a moment: each end read alone; the start's instant sorts, each end's own day bounds
    (
        "2021-12-15T10:00:00Z/2021-12-16",
        D(2021, 12, 15),
        D(2021, 12, 16),
        utc(2021, 12, 15, 10),
        "day",
        False,
        False,
        "15 December 2021, 10:00 UTC – 16 December 2021",
    ),
    (
        "2021-12-15T10:00:00+03:00/2021-12-15T12:30:00+03:00",
        D(2021, 12, 15),
        D(2021, 12, 15),
        utc(2021, 12, 15, 7),
        "time",
        False,
        False,
        "15 December 2021, 10:00 UTC+03:00 – 15 December 2021, 12:30 UTC+03:00",
    ),
    (
        "2021-12~/2021-12-15T23:30:00-05:00",
        D(2021, 12, 1),
        D(2021, 12, 15),
        utc(2021, 12, 1),
        "month",
        True,
        False,
        "c. December 2021 – 15 December 2021, 23:30 UTC-05:00",
    ),
    (
        "2022-02-24T05:00:00+03:00/..",
        D(2022, 2, 24),
        None,
        utc(2022, 2, 24, 2),
        "time",
        False,
        False,
        "since 24 February 2022, 05:00 UTC+03:00",
    ),
]


@pytest.mark.parametrize(
    ("text", "start", "end", "sort_at", "precision", "approximate", "uncertain", "display"),
    VALID,
    ids=[row[0] for row in VALID],
)
def test_parse_edtf_valid(
    text: str,
    start: dt.date,
    end: dt.date | None,
    sort_at: dt.datetime,
    precision: str,
    approximate: bool,
    uncertain: bool,
    display: str,
) -> None:
    """Every supported form yields exactly the documented derived fields."""
    expected = ParsedDate(text, start, end, sort_at, precision, approximate, uncertain, display)
    assert parse_edtf(text) == expected


@pytest.mark.parametrize("text", [row[0] for row in VALID])
def test_sort_at_is_utc(text: str) -> None:
    """Sort keys from different offsets must compare as instants, so they are always stored in UTC."""
    assert parse_edtf(text).sort_at.utcoffset() == dt.timedelta(0)


INVALID = [
    ("2021-02-30", "2021-02-30 is not a valid date"),
    ("2021-02-29", "2021-02-29 is not a valid date"),
    ("2021-13", "2021-13 is not a valid date"),
    ("2021-00", "2021-00 is not a valid date"),
    ("2021/2022-13", "2022-13 is not a valid date"),
    ("2021-02-29~/2022", "2021-02-29 is not a valid date"),
    ("2021-12-10/2021-12-09", "the end 2021-12-09 is before the start 2021-12-10"),
    ("2022/2021-12", "the end 2021-12 is before the start 2022"),
    ("", "a date is required"),
    (" ", "a date is required"),
    (" 2021", "a date must not start or end with spaces"),
    ("abc", "unsupported EDTF form: abc"),
    ("../2021", "an interval needs a known start; an open or unknown start is not supported"),
    ("/2021", "an interval needs a known start; an open or unknown start is not supported"),
    ("2020/", "an unknown interval end is not supported; use '..' for an open end"),
    ("2021-12-15T10:00:00", "a time needs a UTC offset (Z or ±hh:mm)"),
    ("2021-12-15T24:00:00Z", "2021-12-15T24:00:00Z is not a valid date and time"),
    ("2021-02-29T10:00:00Z", "2021-02-29T10:00:00Z is not a valid date and time"),
    (
        "2021-12-15T10:00:00+03:00/2021-12-15T09:00:00+03:00",
        "the end 2021-12-15T09:00:00+03:00 is before the start 2021-12-15T10:00:00+03:00",
    ),
    (
        "2021-12-15T23:00:00-05:00/2021-12-16T01:00:00Z",  # the end's day is later, its instant earlier
        "the end 2021-12-16T01:00:00Z is before the start 2021-12-15T23:00:00-05:00",
    ),
    ("2021-12-15T10:00:00Z/2021-12-14", "the end 2021-12-14 is before the start 2021-12-15T10:00:00Z"),
    ("2021-12-15T10:00:00Z/2021-02-30", "2021-02-30 is not a valid date"),
    ("2021-12-15T10:00:00Z/2022/2023", "unsupported EDTF form: 2021-12-15T10:00:00Z/2022/2023"),
    ("2021-12-15T10:00:00Z/2022-21", "unsupported EDTF form: 2022-21"),  # a season
    ("201X", "unsupported EDTF form: 201X"),
    ("2021-21", "unsupported EDTF form: 2021-21"),
    ("2021/2021-21", "unsupported EDTF form: 2021-21"),
    ("[2021,2022]", "unsupported EDTF form: [2021,2022]"),
    ("{2021,2022}", "unsupported EDTF form: {2021,2022}"),
    ("2021?-12", "unsupported EDTF form: 2021?-12"),
    ("2021S2", "unsupported EDTF form: 2021S2"),
    ("Y12345", "unsupported EDTF form: Y12345"),
    ("-0100", "years before 0001 are not supported"),
    ("0000", "years before 0001 are not supported"),
    ("..", "unsupported EDTF form: .."),
]


@pytest.mark.parametrize(("text", "message"), INVALID, ids=[row[0] or "empty" for row in INVALID])
def test_parse_edtf_invalid(text: str, message: str) -> None:
    """Invalid or unsupported dates raise EdtfError with a sentence a client can show."""
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    ["2021-12-15T11:07+03:00", "2021-12-15T11:07:00Z?", "2021-12-15T11:07:00+15:00", "2021T10:00:00Z"],
)
def test_parse_edtf_unsupported_moment(text: str) -> None:
    """Moments edtf cannot read (no seconds, qualified, impossible offset) get a hint on the accepted form."""
    with pytest.raises(EdtfError, match=r"is not a supported date and time; write a moment as"):
        parse_edtf(text)


def test_edtf_error_is_value_error() -> None:
    """Callers that already handle ValueError keep working."""
    assert issubclass(EdtfError, ValueError)


def test_parsed_date_is_frozen() -> None:
    """Derived fields must not drift from the stored text."""
    parsed = parse_edtf("2021")
    with pytest.raises(AttributeError):
        parsed.text = "2022"  # type: ignore[misc]


FORMS = (
    "expected YYYY, YYYY-MM or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), "
    "or a moment YYYY-MM-DDThh:mm:ss with Z or ±hh:mm (its own calendar day)"
)
TIME_HINT = "write a moment as YYYY-MM-DDThh:mm:ss followed by Z or ±hh:mm"

BOUNDS = [
    ("2021", D(2021, 1, 1), D(2021, 12, 31)),
    ("0001", D(1, 1, 1), D(1, 12, 31)),
    ("2021-12", D(2021, 12, 1), D(2021, 12, 31)),
    ("2021-04", D(2021, 4, 1), D(2021, 4, 30)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2023-02", D(2023, 2, 1), D(2023, 2, 28)),
    ("1900-02", D(1900, 2, 1), D(1900, 2, 28)),
    ("2000-02", D(2000, 2, 1), D(2000, 2, 29)),
    ("2021-12-15", D(2021, 12, 15), D(2021, 12, 15)),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29)),
    ("2021~", D(2021, 1, 1), D(2021, 12, 31)),  # a qualifier never widens a date
    ("2016-08%", D(2016, 8, 1), D(2016, 8, 31)),
    ("2021-12-15T23:30:00-05:00", D(2021, 12, 15), D(2021, 12, 15)),  # a moment: its own calendar day
    ("2021-12-15T01:00:00+09:00", D(2021, 12, 15), D(2021, 12, 15)),
]


@pytest.mark.parametrize(("text", "first", "last"), BOUNDS, ids=[row[0] for row in BOUNDS])
def test_parse_bound(text: str, first: dt.date, last: dt.date) -> None:
    """A query bound covers exactly the named year, month or day."""
    assert parse_bound(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-13", "2021-13 is not a valid date"),
        ("2021-00", "2021-00 is not a valid date"),
        ("2021-02-30", "2021-02-30 is not a valid date"),
        ("2023-02-29", "2023-02-29 is not a valid date"),
        ("2021-04-31", "2021-04-31 is not a valid date"),
        ("2021-12-00", "2021-12-00 is not a valid date"),
        ("0000", "0000 is not a valid date"),
        ("21", f"{FORMS}, got '21'"),
        ("2021-1", f"{FORMS}, got '2021-1'"),
        ("2021-12-15T00:00Z", f"2021-12-15T00:00Z is not a supported date and time; {TIME_HINT}"),
        ("2021-02-30T10:00:00Z", f"2021-02-30T10:00:00Z is not a supported date and time; {TIME_HINT}"),
        ("", f"{FORMS}, got ''"),
        ("2021~?", f"{FORMS}, got '2021~?'"),
        ("2021/2022", f"{FORMS}, got '2021/2022'"),
        ("2021\n", f"{FORMS}, got '2021\\n'"),
        ("٢٠٢١", f"{FORMS}, got '٢٠٢١'"),
    ],
)
def test_parse_bound_invalid(text: str, message: str) -> None:
    """Anything but a plain calendar year, month or day is refused with a readable message."""
    with pytest.raises(EdtfError) as info:
        parse_bound(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    ["2021", "2021-12", "2021-12-15", "2024-02-29", "2016-08-05", "2016-08~", "2021-12-15T23:30:00-05:00"],
)
def test_parse_bound_agrees_with_parse_edtf(text: str) -> None:
    """Query bounds and stored bounds must describe the same days, or range filters would miss events."""
    parsed = parse_edtf(text)
    assert parse_bound(text) == (parsed.start, parsed.end)


@pytest.mark.parametrize(
    "text", ["0001", "0001-01-01", "9999", "9999-12-31", "2020/9999", "0001-01-01T10:00:00Z"]
)
def test_the_extreme_days_are_refused_as_the_driver_stores_them_as_infinity(text):
    with pytest.raises(EdtfError, match="0002 to 9998"):
        parse_edtf(text)


def test_years_next_to_the_extremes_are_fine():
    assert parse_edtf("0002").start == dt.date(2, 1, 1)
    assert parse_edtf("9998-12-31").end == dt.date(9998, 12, 31)

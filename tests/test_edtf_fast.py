"""The EDTF fast path: for every common form it must give exactly what the edtf package path gives, and
leave every other string (invalid, unsupported, out of range) to the package, whose message stands."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.edtf import EdtfError, ParsedDate, _fast, _fast_refusal, parse_edtf, parse_with_package

YEARS = ("0000", "0001", "0002", "0004", "0100", "0999", "1582", "1900", "2000", "2021", "2023", "2024",
         "2100", "9997", "9998", "9999")  # fmt: skip
MONTHS = ("00", "01", "02", "04", "09", "12", "13", "20", "21", "24", "25")
DAYS = ("00", "01", "15", "28", "29", "30", "31", "32")
QUALIFIERS = ("", "?", "~", "%")


def outcome(parse, text: str) -> ParsedDate | str:
    """What a parse gives: the fields, or the message a client would see."""
    try:
        return parse(text)
    except EdtfError as exc:
        return f"EdtfError: {exc}"


def plain_dates() -> list[str]:
    """Years, months and days across leap years, century years, the supported bounds and invalid values."""
    dates = list(YEARS)
    for year, month in itertools.product(YEARS, MONTHS):
        dates.append(f"{year}-{month}")
        dates += [f"{year}-{month}-{day}" for day in DAYS]
    return dates


def qualified_dates() -> list[str]:
    """Each qualifier on a year, a month and a day, valid or not, at the bounds and on leap days."""
    dates = [
        f"{year}{month}{day}{qualifier}"
        for year, month, day, qualifier in itertools.product(
            ("0001", "0002", "2021", "2024", "9998", "9999"),
            ("", "-02", "-12", "-13", "-21"),
            ("", "-29", "-30", "-31"),
            QUALIFIERS[1:],
        )
        if month or not day
    ]
    return dates


def every_day_of(year: int) -> list[str]:
    return [f"{year:04d}-{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 32)]


SINGLE = plain_dates() + qualified_dates() + every_day_of(2024)

PARTS = ("2021", "2021~", "2021?", "2021%", "2021-06", "2021-12", "2021-12?", "2022-02", "2021-12-09",
         "2021-12-10", "2021-12-10~", "2021-12-15%", "2021-06-28", "2024-02-29", "2023-02-29", "2021-02-30",
         "2021-13", "2021-21", "2020", "2022", "0001", "0002", "9998", "9999", "9998-12-31", "0002-01-01",
         "0000", "201X")  # fmt: skip
INTERVALS = (
    [f"{a}/{b}" for a, b in itertools.product(PARTS, (*PARTS, "..", ""))]
    + [f"../{b}" for b in PARTS[:4]]
    + ["2021/2022/2023", "2021//2022", "2021/../..", "/"]
)

MOMENT_DATES = ("2021-12-15", "2024-02-29", "2023-02-29", "2021-04-31", "0002-01-01", "0001-01-01",
                "0001-01-02", "9998-12-31", "9999-01-01", "2021-13-01")  # fmt: skip
TIMES = ("00:00:00", "11:07:00", "11:07:30", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "11:07")
OFFSETS = ("Z", "+00:00", "-00:00", "+00", "+00:01", "-00:30", "+03:00", "-05:00", "+05:45", "+13:59",
           "-13:59", "+14:00", "-14:00", "+14:01", "+15:00", "-03", "+0300", "z", "")  # fmt: skip
MOMENTS = [
    *(f"{d}T{t}{o}" for d, t, o in itertools.product(MOMENT_DATES, TIMES, ("Z", "+03:00", "-00:30"))),
    *(f"{d}T{t}{o}" for d, t, o in itertools.product(MOMENT_DATES[4:8], TIMES[1:4], OFFSETS)),
    *(f"2021-12-15T11:07:30{o}" for o in OFFSETS),
    "2021-12-15T11:07:00.5Z", "2021-12-15T11:07:00Z?", "2021-12-15T11:07:00Z/2021-12-16", "2021T10:00:00Z",
    "2021-12T10:00:00Z", "2021-12-15t11:07:00Z", "2021-12-15 11:07:00Z",
]  # fmt: skip

OTHERS = ["٢٠٢١", "２０２１", "21", "2021-1", "2021-1-1", "+2021", "-2021", "Y12345", "2021S2",
          "2021?-12", "[2021,2022]", "{2021,2022}", "2021~~", "2021?~", "..", "2021-12-15~?", "20210",
          "2021-"]  # fmt: skip

CASES = SINGLE + INTERVALS + MOMENTS + OTHERS


def test_the_cases_cover_every_common_form_and_invalid_ones():
    """The list holds what the fast path takes (or the comparison below would prove nothing) and what it
    leaves to the package."""
    taken = [text for text in CASES if _fast(text) is not None]
    assert len(taken) > 1200
    common = ("2021", "2021-12~", "2024-02-29%", "2021-12-09/2021-12-10?", "2020-03/..", "0002", "9998-12-31",
              "2021-12-15T11:07:00+03:00", "2021-12-15T11:07:30Z", "2021-12-15T11:07:00+00:00")  # fmt: skip
    for text in common:
        assert _fast(text) is not None, text
    for text in (
        "2021-02-30",
        "2023-02-29",
        "2021-13",
        "2021-21",
        "0000",
        "0001",
        "9999",
        "2021/2020",
        "2021-12-15T24:00:00Z",
        "2021-12-15T11:07:00-00:00",
        "2021-12-15T11:07:00+0300",
        "2020/",
        "2021-12-15\n",
    ):
        assert _fast(text) is None, text


def differences(cases: list[str]) -> list[tuple[str, ParsedDate, ParsedDate | str]]:
    """The cases the fast path takes where it differs from the package. (parse_edtf gives any other case
    to the package: what the fast path leaves is as before by construction.)"""
    return [
        (text, fast, slow)
        for text in cases
        if (fast := _fast(text)) is not None and fast != (slow := outcome(parse_with_package, text))
    ]


@pytest.mark.parametrize("kind", ["single", "interval", "moment", "other"])
def test_the_fast_path_gives_what_the_package_gives(kind):
    """Every case the fast path takes: the same fields as through the package (and never a date the
    package refuses)."""
    cases = {"single": SINGLE, "interval": INTERVALS, "moment": MOMENTS, "other": OTHERS}[kind]
    assert differences(cases) == []


def test_impossible_dates_of_a_common_form_are_refused_without_the_package_as_with_it():
    """What the fast path refuses (an impossible day or month, an end before its start), it refuses with
    the message the package path gives; a file of them costs microseconds a row, not milliseconds."""
    refused = {text: message for text in CASES if (message := _fast_refusal(text)) is not None}
    assert len(refused) > 500
    assert {
        "2021-02-30",
        "2021-13~",
        "2021-12-10/2021-12-09",
        "2023-02-29/2020",
        "2021-04-31T11:07:00Z",
        "2023-02-29T11:07:00+03:00",
    } <= refused.keys()
    assert [t for t, m in refused.items() if outcome(parse_with_package, t) != f"EdtfError: {m}"] == []


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-30",
        "2023-02-29",
        "2021-13",
        "2021-00",
        "2021-02-29~/2022",
        "2021/2022-13",
        "2021-12-10/2021-12-09",
        "0000",
        "0001",
        "9999-12",
        "2020/9999",
        "0001-01-01T10:00:00Z",
        "0001-01-01T00:30:00+01:00",
        "2021-12-15T24:00:00Z",
        "2021-02-29T10:00:00Z",
        "2021-12-15T11:07:00-00:00",
        "2021-12-15T11:07:00+14:30",
        "2021-21",
        "2021/2021-21",
        "2020/",
        "../2021",
        "2021-12-15T11:07+03:00",
    ],
)
def test_invalid_dates_are_refused_with_the_package_message(text):
    assert _fast(text) is None
    assert outcome(parse_edtf, text) == outcome(parse_with_package, text)
    assert outcome(parse_edtf, text).startswith("EdtfError: ")


def test_leap_days_and_impossible_days_are_refused_as_before():
    assert parse_edtf("2024-02-29").end.day == 29 and parse_edtf("2000-02").end.day == 29
    assert parse_edtf("1900-02").end.day == 28 and parse_edtf("2100-02~").end.day == 28
    for text in ("2021-02-30", "2023-02-29", "1900-02-29", "2021-04-31"):
        with pytest.raises(EdtfError, match=f"^{text} is not a valid date$"):
            parse_edtf(text)


part = st.builds(
    lambda year, month, day, qualifier: year + month + day + qualifier,
    st.sampled_from(YEARS) | st.integers(1, 9999).map("{:04d}".format),
    st.sampled_from(("", *(f"-{m:02d}" for m in range(0, 26)))),
    st.sampled_from(("", *(f"-{d:02d}" for d in range(0, 33)))),
    st.sampled_from(QUALIFIERS),
)
moment = st.builds(
    lambda day, hour, minute, second, offset: f"{day}T{hour:02d}:{minute:02d}:{second:02d}{offset}",
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(("Z", ""))
    | st.builds(
        lambda s, h, m: f"{s}{h:02d}:{m:02d}", st.sampled_from("+-"), st.integers(0, 15), st.integers(0, 60)
    ),
)
dates = part | st.builds(lambda a, b: f"{a}/{b}", part, part | st.just("..")) | moment


@settings(max_examples=400, deadline=None)
@given(dates)
def test_random_dates_agree_with_the_package(text):
    assert differences([text]) == []
    if (message := _fast_refusal(text)) is not None:
        assert outcome(parse_with_package, text) == f"EdtfError: {message}"

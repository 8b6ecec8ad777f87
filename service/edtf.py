"""EDTF event dates: validate the supported subset on writes and derive bounds, sort key and display text.

How and why: docs/architecture.md, "EDTF dates".
"""

import calendar
import datetime as dt
import functools
import re
import time
from typing import Any

import msgspec

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")  # fmt: skip
_RANK = {"year": 0, "month": 1, "day": 2, "time": 3}
_BOUND = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# edtf 5.x rejects a zero offset written as +00:00 or +00 (its offset hour grammar starts at 01).
_ZERO_OFFSET = re.compile(r"\+00(?::00)?$")
_TIME_HINT = "write a moment as YYYY-MM-DDThh:mm:ss followed by Z or ±hh:mm"
# The fast path's forms: a date with at most one qualifier, and a moment with seconds and an offset.
_QUALIFIED = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%]?)")
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:Z|([+-])([0-9]{2})(?::([0-9]{2}))?)"
)
_PRECISION = ("year", "month", "day")
# What the edtf package is ever given, and why: docs/architecture.md, "EDTF dates".
MAX_LENGTH = 64
_TOO_LONG = f"a date has at most {MAX_LENGTH} characters"
_PIECE_SHAPE = (
    r"(?:-?[0-9]{4}(?:-[0-9]{2}){0,2}[?~%]?"
    r"|[0-9]{4}(?:-[0-9]{2}){0,2}T[0-9]{2}(?::[0-9]{2}){0,2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)"
)
_SHAPE = re.compile(rf"{_PIECE_SHAPE}|(?:{_PIECE_SHAPE}|\.\.)?/(?:{_PIECE_SHAPE}|\.\.)?", re.ASCII)


class EdtfError(ValueError):
    """Raised with a human-readable message for an unsupported or invalid EDTF date."""


class ParsedDate(msgspec.Struct, frozen=True):
    """Everything derived from an event's EDTF date, computed once on write."""

    text: str
    start: dt.date
    end: dt.date | None
    sort_at: dt.datetime
    precision: str
    approximate: bool
    uncertain: bool
    display: str


class _Part(msgspec.Struct, frozen=True):
    """One side of an interval (or the whole date), already validated."""

    start: dt.date
    end: dt.date
    precision: str
    approximate: bool
    uncertain: bool
    moment: dt.datetime | None = None


BOUND_FORMS = (
    "YYYY, YYYY-MM or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), "
    "or a moment YYYY-MM-DDThh:mm:ss with Z or ±hh:mm (its own calendar day)"
)


BOUND_MAX_LENGTH = 32  # 2021-12-15T10:00:00+03:00 is 25


def parse_bound(text: str) -> tuple[dt.date, dt.date]:
    """Turn a query bound into its first and last day without edtf's cost: a date of any precision
    (a qualifier never widens it, as for an event's own dates) or a moment, whose day is its own
    calendar date where it was written, as for an event's."""
    if not isinstance(text, str):
        raise EdtfError(f"expected {BOUND_FORMS}")
    if (part := _fast_single(text)) is not None:
        return part.start, part.end
    if "T" in text:
        raise EdtfError(f"{text} is not a supported date and time; {_TIME_HINT}")
    if _QUALIFIED.fullmatch(text):  # year 0, month 13
        raise EdtfError(f"{text} is not a valid date")
    raise EdtfError(f"expected {BOUND_FORMS}, got {text!r}")


def parse_edtf(text: str) -> ParsedDate:
    """Validate a written date and derive its stored fields; raises EdtfError only.

    A common form takes the fast path; everything else, and every invalid date, the edtf package."""
    if not isinstance(text, str) or not text.strip():
        raise EdtfError("a date is required")
    if len(text) > MAX_LENGTH:  # before the cache, which keeps its keys
        raise EdtfError(_TOO_LONG)
    if text != text.strip():
        raise EdtfError("a date must not start or end with spaces")
    parsed = _fast(text)
    if parsed is not None:
        return parsed
    if (refusal := _fast_refusal(text)) is not None:
        raise EdtfError(refusal)
    outcome = _slow(text)
    if isinstance(outcome, str):
        raise EdtfError(outcome)
    return outcome


@functools.lru_cache(maxsize=4_096)
def _slow(text: str) -> ParsedDate | str:
    """A date of a form the fast path leaves, or the message refusing it: kept, so that a file or a body
    repeating one costly date pays for it once."""
    try:
        if "/" in text and "T" in text:
            return _interval_with_a_moment(text)
        return parse_with_package(text)
    except EdtfError as exc:
        return str(exc)


@functools.cache
def _edtf() -> Any:
    """The edtf package (pyparsing and dateutil with it, several MB), imported the first time a date
    needs it: a worker that only reads never does."""
    import edtf

    return edtf


def parse_with_package(text: str) -> ParsedDate:
    """Validate a date (a non-blank string) with the edtf package and derive its stored fields."""
    return _checked(text, lambda: _build(text, _parsed_by_package(text)))


def _parsed_by_package(text: str) -> Any:
    """The package's tree of an admitted string; the package's refusals and ours read the same."""
    if len(text) > MAX_LENGTH:
        raise EdtfError(_TOO_LONG)
    if not _SHAPE.fullmatch(text):
        raise _grammar_error(text)
    try:
        return _edtf().parse_edtf(_ZERO_OFFSET.sub("Z", text))
    except Exception:
        raise _grammar_error(text) from None


def _checked(text: str, build: Any) -> ParsedDate:
    """`build()`'s date, if the package did not fail late (some forms fail while it computes their
    bounds) and Python can hold its days."""
    try:
        parsed = build()
    except EdtfError:
        raise
    except Exception as exc:
        raise EdtfError(f"unsupported EDTF form: {text}") from exc
    if not _storable(parsed):
        raise EdtfError("dates from the year 0002 to 9998 are supported")
    return parsed


def _interval_with_a_moment(text: str) -> ParsedDate:
    """An interval with a moment at one end or both (`2021-12-15T10:00:00+03:00/2021-12-15T12:30:00+03:00`,
    `2022-02-24T05:00:00+03:00/..`), which the edtf package's grammar does not take: each end is read
    on its own as a whole date is, and the ends are combined as for any interval. An end moment must
    not come before a start moment."""
    start_text, _, end_text = text.partition("/")
    if "/" in end_text:
        raise EdtfError(f"unsupported EDTF form: {text}")

    def build() -> ParsedDate:
        first = _end_of_interval(start_text)
        if end_text == "..":
            return _result(text, first, None, f"since {_label(first)}")
        last = _end_of_interval(end_text)
        if last.end < first.start or (first.moment and last.moment and last.moment < first.moment):
            raise EdtfError(f"the end {end_text} is before the start {start_text}")
        return _result(text, first, last, _interval_label(first, last))

    return _checked(text, build)


def _end_of_interval(piece: str) -> _Part:
    """One end of an interval: a (qualified) date or a moment, not an interval."""
    if (part := _fast_single(piece)) is not None:
        return part
    node = _parsed_by_package(piece)
    if type(node) in (_edtf().Interval, _edtf().Level1Interval):
        raise EdtfError(f"unsupported EDTF form: {piece}")
    return _part(node, piece)


def _storable(parsed: ParsedDate) -> bool:
    """The first and last days Python can represent are what asyncpg sends as -infinity/infinity."""
    return not (
        parsed.start <= dt.date.min
        or parsed.sort_at.date() <= dt.date.min
        or (parsed.end or parsed.start) >= dt.date.max
    )


@functools.lru_cache(maxsize=16_384)
def _fast(text: str) -> ParsedDate | None:
    """The fields of a date of a common form, read without the edtf package, exactly as `_build` derives
    them; None for any other form and for anything invalid or out of range: the package then decides."""
    try:
        if "T" in text:
            part = _fast_moment(text)
            parsed = None if part is None else _result(text, part, part, _label(part))
        else:
            parsed = _fast_dates(text)
    except (ValueError, OverflowError):  # an impossible day or time: the package names it
        return None
    return parsed if parsed is not None and _storable(parsed) else None


def _fast_dates(text: str) -> ParsedDate | None:
    """A qualified date, or an interval of two (the end may be open, `..`)."""
    pieces = text.split("/")
    if len(pieces) > 2:
        return None
    first = _fast_part(pieces[0])
    if first is None:
        return None
    if len(pieces) == 1:
        return _result(text, first, first, _label(first))
    if pieces[1] == "..":
        return _result(text, first, None, f"since {_label(first)}")
    last = _fast_part(pieces[1])
    if last is None or last.end < first.start:
        return None
    return _result(text, first, last, _interval_label(first, last))


def _fast_part(piece: str) -> _Part | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` with at most one trailing `?`, `~` or `%`; raises ValueError
    for an impossible day (as `_part` finds through the package's bounds)."""
    match = _QUALIFIED.fullmatch(piece)
    if match is None:
        return None
    year_text, month_text, day_text, qualifier = match.groups()
    year = int(year_text)
    if year == 0 or (month_text is not None and not 1 <= int(month_text) <= 12):
        return None  # year 0 and months 13-24 (seasons in EDTF) are the package's to refuse
    if month_text is None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif day_text is None:
        month = int(month_text)
        start, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        start = end = dt.date(year, int(month_text), int(day_text))
    precision = _PRECISION[(month_text is not None) + (day_text is not None)]
    return _Part(start, end, precision, qualifier in ("~", "%"), qualifier in ("?", "%"))


def _fast_refusal(text: str) -> str | None:
    """The package path's message for an impossible date of a common form (2021-02-30, 2021-13~, an
    interval with one, or whose end comes before its start, or a moment on an impossible day), found
    without the package; None for anything else (year 0, seasons and other forms stay the package's)."""
    pieces = text.split("/")
    if "T" in text:
        return _moment_refusal(text)
    if len(pieces) > 2 or pieces[0] == "..":
        return None
    parts: list[_Part | None] = []
    for piece in pieces[:1] if pieces[1:] == [".."] else pieces:
        match = _QUALIFIED.fullmatch(piece)
        if match is None or int(match[1]) == 0 or match[2] is not None and int(match[2]) > 20:
            return None
        parts.append(_fast_single(piece))
    for piece, part in zip(pieces, parts, strict=False):
        if part is None:
            return f"{piece.rstrip('?~%')} is not a valid date"
    first, *last = parts
    if last and last[0].end < first.start:  # type: ignore[union-attr]
        return f"the end {pieces[1]} is before the start {pieces[0]}"
    return None


def _moment_refusal(text: str) -> str | None:
    """A moment of the fast path's form, right but for its day (2021-02-30T10:00:00Z), as the package path
    refuses it: its grammar refuses a day past the month's length, `_moment_part` 29 February of a common
    year."""
    match = _MOMENT.fullmatch(text)
    if match is None or _fast_moment(text.replace(text[:10], "2000-01-01", 1)) is None:
        return None
    year, month, day = (int(n) for n in text[:10].split("-"))
    if year == 0 or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        dt.date(year, month, day)
    except ValueError:  # the grammar knows the length of each month, but not leap years
        if (month, day) == (2, 29):
            return f"{text} is not a valid date and time"
        return str(_grammar_error(text))
    return None


def _fast_single(piece: str) -> _Part | None:
    """A (qualified) date or a moment of a common form; None for any other and for an impossible day
    (2021-02-30, 2021-02-30T10:00:00Z)."""
    try:
        return _fast_moment(piece) if "T" in piece else _fast_part(piece)
    except (ValueError, OverflowError):
        return None


def _fast_moment(text: str) -> _Part | None:
    """A moment `YYYY-MM-DDThh:mm:ss` with `Z` or an offset the package's grammar takes (±00:00 to
    ±13:59, ±14:00, each also as ±hh when its minutes are 00; not -00:00); its local date and UTC instant
    as `_moment_part` reads them."""
    match = _MOMENT.fullmatch(text)
    if match is None:
        return None
    hour, minute, second, sign, offset_hours, offset_minutes = match.groups()
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        return None
    if sign is not None:
        offset = (int(offset_hours), int(offset_minutes or 0))
        if offset == (0, 0) and sign == "-" or not (offset[0] <= 13 and offset[1] <= 59 or offset == (14, 0)):
            return None
    moment = dt.datetime.fromisoformat(_ZERO_OFFSET.sub("Z", text))
    return _Part(moment.date(), moment.date(), "time", False, False, moment)


def _grammar_error(text: str) -> EdtfError:
    """Explain a string the edtf grammar refused, naming an impossible date when there is one."""
    if "T" in text:
        return EdtfError(f"{text} is not a supported date and time; {_TIME_HINT}")
    for piece in text.split("/"):
        if _BOUND.fullmatch(bare := piece.rstrip("?~%")):
            try:
                parse_bound(bare)
            except EdtfError as exc:
                return exc
    return EdtfError(f"unsupported EDTF form: {text}")


def _build(text: str, node: object) -> ParsedDate:
    """Assemble the stored fields from a parsed edtf tree of a supported shape."""
    if type(node) not in (_edtf().Interval, _edtf().Level1Interval):
        part = _part(node, text)
        return _result(text, part, part, _label(part))
    lower, upper = node.lower, node.upper  # type: ignore[attr-defined]
    if isinstance(lower, _edtf().UnspecifiedIntervalSection):
        raise EdtfError("an interval needs a known start; an open or unknown start is not supported")
    if isinstance(upper, _edtf().UnspecifiedIntervalSection) and upper.is_unknown:
        raise EdtfError("an unknown interval end is not supported; use '..' for an open end")
    start_text, end_text = text.split("/")
    first = _part(lower, start_text)
    if isinstance(upper, _edtf().UnspecifiedIntervalSection):
        return _result(text, first, None, f"since {_label(first)}")
    last = _part(upper, end_text)
    if last.end < first.start:
        raise EdtfError(f"the end {end_text} is before the start {start_text}")
    return _result(text, first, last, _interval_label(first, last))


def _result(text: str, first: _Part, last: _Part | None, display: str) -> ParsedDate:
    """Combine the parts: bounds from the outer edges, coarsest precision, qualifiers from any part."""
    parts = [first] if last is None else [first, last]
    start_at = dt.datetime.combine(first.start, dt.time(), tzinfo=dt.UTC)
    return ParsedDate(
        text=text,
        start=first.start,
        end=None if last is None else last.end,
        sort_at=start_at if first.moment is None else first.moment.astimezone(dt.UTC),
        precision=min((p.precision for p in parts), key=_RANK.__getitem__),
        approximate=any(p.approximate for p in parts),
        uncertain=any(p.uncertain for p in parts),
        display=display,
    )


def _part(node: object, piece: str) -> _Part:
    """Validate one date, qualified date or moment (written `piece`) and compute its strict local bounds."""
    approximate = uncertain = False
    if type(node) is _edtf().UncertainOrApproximate:
        approximate = node.is_approximate or node.is_uncertain_and_approximate
        uncertain = node.is_uncertain or node.is_uncertain_and_approximate
        node = node.date
    if type(node) is _edtf().DateAndTime and type(node.date) is _edtf().Date:
        return _moment_part(node, piece)
    if type(node) is not _edtf().Date or node.significant_digits:
        raise EdtfError(f"unsupported EDTF form: {piece}")
    if not node.year.isdigit() or int(node.year) == 0:
        raise EdtfError("years before 0001 are not supported")
    try:
        start, end = _day(node.lower_strict()), _day(node.upper_strict())
    except ValueError:
        raise EdtfError(f"{piece.rstrip('?~%')} is not a valid date") from None
    return _Part(start, end, node.precision, approximate, uncertain)


def _moment_part(node: Any, piece: str) -> _Part:  # node: an edtf DateAndTime
    """Read a moment's local date and offset; its UTC instant becomes the sort key."""
    if node.date.precision != "day" or not node.date.year.isdigit():
        raise EdtfError(f"{piece} is not a supported date and time; {_TIME_HINT}")
    try:
        moment = dt.datetime.fromisoformat(f"{node.date}T{node.time}")
    except ValueError:
        raise EdtfError(f"{piece} is not a valid date and time") from None
    if moment.tzinfo is None:
        raise EdtfError("a time needs a UTC offset (Z or ±hh:mm)")
    return _Part(moment.date(), moment.date(), "time", False, False, moment)


def _day(value: time.struct_time) -> dt.date:
    """Turn edtf's struct_time bound into a date, raising ValueError for impossible days like 29 Feb 2021."""
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


def _plain(part: _Part, with_year: bool = True) -> str:
    """Name a part's period at its precision, without qualifiers."""
    day = part.start
    words = [str(day.day)] if part.precision == "day" else []
    words += [_MONTHS[day.month - 1]] if part.precision != "year" else []
    words += [str(day.year)] if with_year else []
    return " ".join(words)


def _label(part: _Part, with_year: bool = True) -> str:
    """Name a part with its qualifiers: "c. " for approximate, "?" for uncertain."""
    if part.moment is not None:
        return _moment_label(part.moment)
    return ("c. " if part.approximate else "") + _plain(part, with_year) + ("?" if part.uncertain else "")


def _moment_label(moment: dt.datetime) -> str:
    """Name a moment in its own offset, e.g. "15 December 2021, 11:07 UTC+03:00"."""
    clock = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    minutes = int((moment.utcoffset() or dt.timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}" if minutes else "UTC"
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {clock} {zone}"


def _interval_label(first: _Part, last: _Part) -> str:
    """Name a closed interval, sharing the year or month when no qualifier or moment makes it ambiguous."""
    if _label(first) == _label(last):
        return _label(first)
    if not any(p.moment or p.approximate or p.uncertain for p in (first, last)):
        if first.precision == last.precision == "year":
            return f"{first.start.year}–{last.start.year}"
        if first.start.year == last.start.year and first.precision == last.precision != "year":
            if first.precision == "day" and first.start.month == last.start.month:
                return f"{first.start.day}–{_plain(last)}"
            return f"{_plain(first, with_year=False)} – {_plain(last)}"
    return f"{_label(first)} – {_label(last)}"

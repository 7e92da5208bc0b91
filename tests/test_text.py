"""One way to print numbers, dates and widths, whatever the surface."""
from __future__ import annotations

from rfpgen.text import EMPTY, blank_date, clock, day, display_width, money, month, number, percent


def test_numbers_have_one_format():
    assert number(3764.5) == "3,764.5" and number(5999) == "5,999" and number(5999.0) == "5,999"
    assert number(64, 1) == "64.0" and number(51.5, 1) == "51.5"
    assert number(None) == "" and number(None, empty=EMPTY) == EMPTY and number(float("inf")) == ""
    assert percent(12.5) == "12.5%" and money(1200000, "JPY", "ja") == "1,200,000円"
    assert money(1200000, "JPY", "en") == "¥1,200,000" and money(2.5, "GBP", "en", 2) == "£2.50"
    assert money(-3, "USD", "en") == "-$3" and money(5, "CHF", "en") == "CHF 5" and money(5, "GBP", "ja") == "GBP 5"


def test_dates_follow_the_project_conventions():
    assert day("2027-03-01", "ja") == "2027年3月1日（月）"
    assert day("2027-03-01", "ja-era") == "令和9年3月1日（月）"
    assert day("2019-05-01", "ja-era", weekday=False) == "令和元年5月1日"
    assert day("2027-03-01", "en-GB") == "Mon 1 March 2027"
    assert day("2027-03-01", "en-US") == "Mon, March 1, 2027"
    assert month("2027-10", "ja") == "2027年10月" and month("2027-10", "en-GB") == "October 2027"
    assert day("not a date", "ja") == "not a date"


def test_a_date_to_write_in_by_hand_names_the_era():
    assert blank_date("ja-era") == "令和\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    assert blank_date("ja") == "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    assert blank_date("en-GB").strip() == "" and len(blank_date("en-US")) >= 10  # room to write in


def test_times_follow_the_project_conventions():
    assert clock("09:05", "ja") == clock("09:05", "ja-era") == "9:05"
    assert clock("09:05", "en-GB") == clock("09:05", "en") == "09:05"
    assert [clock(t, "en-US") for t in ("00:00", "09:05", "12:00", "13:30", "24:00")] == \
        ["midnight", "9:05 a.m.", "noon", "1:30 p.m.", "midnight"]
    assert clock("soon", "en-US") == "soon"


def test_display_width_counts_cells():
    assert display_width("abc") == 3
    assert display_width("日本語") == 6
    assert display_width("ｶﾀｶﾅ") == 4  # half-width katakana take one cell each
    assert display_width("e\u0301") == 1  # a combining accent takes none


def test_the_quick_look_for_right_to_left_text_misses_no_character():
    """isolate_bidi skips text with no character of the blocks in text._MAYBE_RTL; every right-to-left
    character and bidi control of this Python's Unicode must lie in them."""
    import sys
    import unicodedata

    from rfpgen.text import _BIDI_CLOSERS, _BIDI_OPENERS, _MAYBE_RTL

    missed = [hex(c) for c in range(sys.maxunicode + 1)
              if (unicodedata.bidirectional(chr(c)) in ("R", "AL") or chr(c) in _BIDI_OPENERS or chr(c) in _BIDI_CLOSERS)
              and not _MAYBE_RTL.match(chr(c))]
    assert missed == []


def test_a_signed_figure_carries_a_true_minus_sign():
    from rfpgen.text import MINUS, signed

    assert signed(-5.613, 2) == f"{MINUS}5.61" and signed(1.5, 2) == "+1.50" and signed(-10, unit="%") == f"{MINUS}10%"
    assert signed(0) == "±0" and signed(-1200000) == f"{MINUS}1,200,000"

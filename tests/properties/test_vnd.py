"""VND parsing: what the app prints, it reads back; nothing it reads is ever negative."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopfair.errors import Invalid
from ocopfair.forms import vnd
from ocopfair.i18n import format_vnd, language
from tests.hypothesis_profiles import share_of_examples

AMOUNTS = st.integers(min_value=0, max_value=10**12)


@pytest.mark.parametrize("code", ["vi", "en"])
@given(n=AMOUNTS)
def test_printed_amounts_read_back_exactly(code, n):
    with language(code):
        printed = format_vnd(n)
    assert vnd(printed, "amount") == n


@given(
    n=AMOUNTS,
    separator=st.sampled_from([".", ","]),
    suffix=st.sampled_from(["", " ₫", "₫", " đ", "đ", " VND", "\u00a0₫"]),
)
def test_amounts_typed_with_thousands_separators_read_back(n, separator, suffix):
    typed = f"{n:,}".replace(",", separator) + suffix
    assert vnd(typed, "amount") == n


@given(
    value=st.one_of(
        st.text(max_size=40),
        st.integers(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.from_regex(r"-?[0-9.,]{1,30}( ?(₫|đ|VND))?", fullmatch=True),
    )
)
def test_anything_typed_is_an_amount_of_zero_or_more_or_a_sentence(value):
    try:
        amount = vnd(value, "amount", required=False)
    except Invalid as error:
        assert set(error.fields) == {"amount"} and error.fields["amount"]
        return
    assert amount is None or (isinstance(amount, int) and amount >= 0)


# Each example parses thousands of digits: a quarter of the profile's examples is plenty.
@share_of_examples(0.25)
@given(digits=st.integers(min_value=19, max_value=6000))
def test_absurdly_long_numbers_are_refused_not_crashed(digits):
    with pytest.raises(Invalid):
        vnd("9" * digits, "amount")

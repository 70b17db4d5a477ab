from __future__ import annotations

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest

from msa_model import Money, MsaError, Rounding, ValidationError
from msa_model._values.invariants import MAX_FRACTION_DIGITS
from msa_model._values.money import MAX_AMOUNT, is_known_currency, minor_units
from msa_model.errors import ParseError

if TYPE_CHECKING:
    from collections.abc import Callable

CURRENCY_RULE = "must be an ISO 4217 currency code in current use, in upper case"


def text(money: Money) -> str:
    """Show a Money's amount with every digit it carries, as JSON writes it."""
    return format(money.amount, "f")


# --- construction -------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param("12.50", "12.50", id="text '12.50' keeps its two digits"),
        pytest.param("-5", "-5", id="negative text for a credit"),
        pytest.param("0.125", "0.125", id="text with more digits than the minor unit"),
        pytest.param(12, "12", id="int 12"),
        pytest.param(0, "0", id="int 0"),
        pytest.param(Decimal("99.990"), "99.990", id="Decimal kept as given"),
    ],
)
def test_of_builds_from_text_int_and_decimal(amount: str | int | Decimal, expected: str) -> None:
    """`Money.of` takes a decimal string, an int or a Decimal and keeps every digit."""
    money = Money.of(amount, "EUR")

    assert expected == text(money)
    assert type(money.amount) is Decimal
    assert money.currency == "EUR"


@pytest.mark.parametrize("amount", [1.5, 0.1, 12.0], ids=["1.5", "0.1", "12.0"])
def test_of_refuses_floats(amount: float) -> None:
    """A float amount is refused with a TypeError that suggests a string."""
    with pytest.raises(TypeError, match=r"amount must not be a float .*pass a string"):
        Money.of(amount, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", [True, False], ids=["True", "False"])
def test_of_refuses_bools(amount: bool) -> None:  # noqa: FBT001 # a parametrised value, not a flag
    """A bool is an int to Python but never an amount of money."""
    with pytest.raises(TypeError, match="amount must be a number, not a bool"):
        Money.of(amount, "EUR")


@pytest.mark.parametrize(
    "amount",
    ["abc", "", "12,50", "1.2.3", "$5", "12.50 EUR"],
    ids=["letters", "empty", "decimal comma", "two points", "currency sign", "code appended"],
)
def test_of_refuses_text_that_is_not_a_number(amount: str) -> None:
    """Text that is not a decimal number is refused with the text quoted."""
    expected = f"amount must be a decimal number such as '12.50' (got {amount!r})"

    with pytest.raises(ParseError, match="amount must be a decimal number") as caught:
        Money.of(amount, "EUR")

    assert expected == str(caught.value)


@pytest.mark.parametrize(
    "amount",
    [
        pytest.param("1_000", id="underscore"),
        pytest.param(" 12.50\n", id="surrounding white space"),
        pytest.param("\u0661\u0662.50", id="Arabic-Indic digits"),
    ],
)
def test_of_refuses_text_that_json_refuses(amount: str) -> None:
    """`Money.of` reads only the decimal text a document may hold, as the JSON reader does."""
    with pytest.raises(ParseError):
        Money.of(amount, "EUR")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        pytest.param("NaN", "NaN", id="NaN"),
        pytest.param("Infinity", "Infinity", id="Infinity"),
        pytest.param("-Infinity", "-Infinity", id="minus Infinity"),
    ],
)
def test_non_finite_amounts_are_refused(amount: str, shown: str) -> None:
    """NaN and infinities are Decimals but not amounts of money, as text or as Decimals."""
    expected = f"Money.amount: must be a finite number (got {shown!r})"

    with pytest.raises(ValidationError) as caught:
        Money(Decimal(amount), "EUR")
    with pytest.raises(ParseError):
        Money.of(amount, "EUR")

    assert expected == str(caught.value)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        pytest.param(12, "Money.amount: must be a Decimal (got int)", id="int"),
        pytest.param(1.5, "Money.amount: must be a Decimal (got float)", id="float"),
        pytest.param("12.50", "Money.amount: must be a Decimal (got str)", id="str"),
    ],
)
def test_constructor_takes_only_decimals(amount: object, message: str) -> None:
    """The plain constructor does no conversion: only a Decimal is an amount."""
    with pytest.raises(ValidationError) as caught:
        Money(amount, "EUR")  # type: ignore[arg-type]

    assert message == str(caught.value)


def test_zero_is_zero_in_the_currency() -> None:
    """`Money.zero` gives an amount of 0 in the currency asked for."""
    money = Money.zero("JPY")

    assert Money(Decimal(0), "JPY") == money


# --- currency -----------------------------------------------------------------


@pytest.mark.parametrize("code", ["EUR", "USD", "JPY", "BHD", "CHF", "GBP"])
def test_current_currencies_are_accepted(code: str) -> None:
    """Codes in current use as legal tender are accepted."""
    money = Money.of("1", code)

    assert code == money.currency


@pytest.mark.parametrize(
    "code",
    ["HRK", "VEF", "eur", "Eur", "ABC", "", "EURO", "EU", "XXX"],
    ids=[
        "HRK withdrawn 2023",
        "VEF replaced",
        "lower case",
        "mixed case",
        "not a currency",
        "empty",
        "four letters",
        "two letters",
        "XXX means no currency",
    ],
)
def test_unknown_withdrawn_and_lower_case_currencies_are_refused(code: str) -> None:
    """A currency must be a current ISO 4217 code written in upper case."""
    expected = f"Money.currency: {CURRENCY_RULE} (got {code!r})"

    with pytest.raises(ValidationError) as caught:
        Money.of("1", code)

    assert expected == str(caught.value)


def test_currency_must_be_text() -> None:
    """A numeric ISO 4217 code (978 for EUR) is not accepted in place of the letters."""
    with pytest.raises(ValidationError) as caught:
        Money(Decimal(1), 978)  # type: ignore[arg-type]

    assert str(caught.value) == "Money.currency: must be a str (got int)"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("EUR", True),
        ("USD", True),
        ("HRK", False),
        ("VEF", False),
        ("eur", False),
        ("ABC", False),
        ("", False),
        ("EUR ", False),
    ],
)
def test_is_known_currency(code: str, *, expected: bool) -> None:
    """`is_known_currency` accepts only current upper-case codes."""
    assert expected == is_known_currency(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("JPY", 0), ("KRW", 0), ("EUR", 2), ("USD", 2), ("BHD", 3), ("KWD", 3)],
)
def test_minor_units_come_from_the_currency(code: str, expected: int) -> None:
    """The minor units are the currency's: JPY 0, EUR 2, BHD 3."""
    assert expected == Money.of("1", code).minor_units
    assert expected == minor_units(code)


# --- rounding -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        pytest.param("0.125", "USD", "0.13", id="0.125 USD rounds half up to 0.13"),
        pytest.param("0.124", "USD", "0.12", id="0.124 USD rounds down to 0.12"),
        pytest.param("2.5", "JPY", "3", id="2.5 JPY rounds half up to 3"),
        pytest.param("1234.5", "JPY", "1235", id="1234.5 JPY rounds to 1235"),
        pytest.param("1.0005", "BHD", "1.001", id="1.0005 BHD rounds to 1.001"),
        pytest.param("1.0004", "BHD", "1.000", id="1.0004 BHD rounds to 1.000"),
        pytest.param("-0.125", "USD", "-0.13", id="-0.125 USD rounds away from zero"),
        pytest.param("2.675", "EUR", "2.68", id="2.675 EUR is exact, not a float"),
        pytest.param("12", "EUR", "12.00", id="12 EUR is padded to 12.00"),
        pytest.param("12.50", "EUR", "12.50", id="already rounded stays"),
    ],
)
def test_rounded_is_half_up_to_minor_units(amount: str, currency: str, expected: str) -> None:
    """`rounded()` quantizes to the currency's minor units with ties away from zero."""
    money = Money.of(amount, currency).rounded()

    assert expected == text(money)
    assert currency == money.currency


@pytest.mark.parametrize(
    ("rounding", "expected_positive", "expected_negative"),
    [
        (Rounding.HALF_UP, "0.13", "-0.13"),
        (Rounding.HALF_EVEN, "0.12", "-0.12"),
        (Rounding.HALF_DOWN, "0.12", "-0.12"),
        (Rounding.UP, "0.13", "-0.13"),
        (Rounding.DOWN, "0.12", "-0.12"),
        (Rounding.CEILING, "0.13", "-0.12"),
        (Rounding.FLOOR, "0.12", "-0.13"),
    ],
    ids=lambda value: value.value if isinstance(value, Rounding) else None,
)
def test_rounded_with_each_mode(
    rounding: Rounding, expected_positive: str, expected_negative: str
) -> None:
    """Each rounding mode rounds 0.125 USD and -0.125 USD as its name says."""
    positive = Money.of("0.125", "USD").rounded(rounding)
    negative = Money.of("-0.125", "USD").rounded(rounding)

    assert expected_positive == text(positive)
    assert expected_negative == text(negative)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("2.5", "2"), ("3.5", "4"), ("-2.5", "-2")],
    ids=["2.5 JPY to 2", "3.5 JPY to 4", "-2.5 JPY to -2"],
)
def test_half_even_rounds_ties_to_even(amount: str, expected: str) -> None:
    """Half-even (banker's rounding) sends ties to the even neighbour."""
    money = Money.of(amount, "JPY").rounded(Rounding.HALF_EVEN)

    assert expected == text(money)


@pytest.mark.parametrize(
    "context_rounding",
    [decimal.ROUND_HALF_EVEN, decimal.ROUND_FLOOR, decimal.ROUND_DOWN],
    ids=["half even", "floor", "down"],
)
def test_rounded_ignores_the_thread_decimal_context(context_rounding: str) -> None:
    """The rounding mode is explicit, so a changed decimal context changes nothing."""
    with decimal.localcontext() as context:
        context.rounding = context_rounding
        money = Money.of("0.125", "USD").rounded()

    assert text(money) == "0.13"


def test_rounding_modes_name_decimal_module_modes() -> None:
    """Each `Rounding` names the `decimal` module's mode of the same name."""
    expected = [
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
    ]

    assert expected == [mode.decimal_mode for mode in Rounding]


def test_rounding_values_are_lower_case() -> None:
    """The JSON values of the rounding modes are lower-case words."""
    expected = ["half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"]

    assert expected == [mode.value for mode in Rounding]


# --- arithmetic ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        pytest.param(
            lambda: Money.of("12.50", "EUR") + Money.of("0.25", "EUR"), "12.75", id="12.50 + 0.25"
        ),
        pytest.param(
            lambda: Money.of("10", "EUR") - Money.of("12.50", "EUR"), "-2.50", id="10 - 12.50"
        ),
        pytest.param(lambda: Money.of("12.50", "EUR") * 3, "37.50", id="12.50 * 3"),
        pytest.param(lambda: 3 * Money.of("1.10", "EUR"), "3.30", id="3 * 1.10"),
        pytest.param(
            lambda: Money.of("12.50", "EUR") * Decimal("0.1"), "1.250", id="12.50 * 0.1 exact"
        ),
        pytest.param(lambda: Money.of("12.50", "EUR") * 0, "0.00", id="12.50 * 0"),
        pytest.param(lambda: -Money.of("12.50", "EUR"), "-12.50", id="negation"),
        pytest.param(lambda: -Money.of("-3", "EUR"), "3", id="negation of a credit"),
    ],
)
def test_arithmetic_is_exact(result: Callable[[], Money], expected: str) -> None:
    """Sums, differences, products and negation are exact and keep the currency."""
    money = result()

    assert isinstance(money, Money)
    assert expected == text(money)
    assert money.currency == "EUR"


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda a, b: a + b, id="add"),
        pytest.param(lambda a, b: a - b, id="subtract"),
        pytest.param(lambda a, b: a < b, id="less than"),
        pytest.param(lambda a, b: a <= b, id="less or equal"),
    ],
)
def test_mixing_currencies_is_refused(operation: Callable[[Money, Money], object]) -> None:
    """Amounts in different currencies cannot be added, subtracted or compared."""
    with pytest.raises(ValueError, match=r"^cannot combine EUR with USD$"):
        operation(Money.of("1", "EUR"), Money.of("1", "USD"))


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda a, b: a > b, id="greater than"),
        pytest.param(lambda a, b: a >= b, id="greater or equal"),
    ],
)
def test_mixing_currencies_in_reflected_comparisons_is_refused(
    operation: Callable[[Money, Money], object],
) -> None:
    """`>` and `>=` refuse mixed currencies too."""
    with pytest.raises(ValueError, match=r"^cannot combine (EUR with USD|USD with EUR)$"):
        operation(Money.of("1", "EUR"), Money.of("1", "USD"))


@pytest.mark.parametrize(
    ("factor", "name"),
    [(1.5, "float"), (True, "bool"), ("2", "str")],
    ids=["float", "bool", "str"],
)
def test_multiplying_by_anything_but_an_exact_number_is_refused(factor: object, name: str) -> None:
    """Only Decimal and int factors are accepted; a float or bool is a TypeError."""
    with pytest.raises(TypeError, match=f"^factor must be a Decimal or an int \\(got {name}\\)$"):
        Money.of("1", "EUR") * factor  # type: ignore[operator]


def test_multiplying_money_by_money_is_refused() -> None:
    """Money times money has no meaning."""
    with pytest.raises(TypeError, match=r"factor must be a Decimal or an int \(got Money\)"):
        Money.of("1", "EUR") * Money.of("2", "EUR")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("left", "right", "less", "less_or_equal", "greater", "greater_or_equal"),
    [
        pytest.param("1.00", "2.00", True, True, False, False, id="1.00 vs 2.00"),
        pytest.param("2", "1.99", False, False, True, True, id="2 vs 1.99"),
        pytest.param("10.5", "10.50", False, True, False, True, id="10.5 vs 10.50 equal"),
        pytest.param("-3", "0", True, True, False, False, id="credit vs zero"),
    ],
)
def test_comparisons_compare_amounts(
    left: str,
    right: str,
    *,
    less: bool,
    less_or_equal: bool,
    greater: bool,
    greater_or_equal: bool,
) -> None:
    """Amounts in one currency order by value, whatever digits they carry."""
    a, b = Money.of(left, "EUR"), Money.of(right, "EUR")

    assert less == (a < b)
    assert less_or_equal == (a <= b)
    assert greater == (a > b)
    assert greater_or_equal == (a >= b)


def test_equal_amounts_with_different_digits_are_equal_and_hash_alike() -> None:
    """10.5 EUR and 10.50 EUR are the same amount, so equal with the same hash."""
    a, b = Money.of("10.5", "EUR"), Money.of("10.50", "EUR")

    assert a == b
    assert hash(a) == hash(b)


def test_same_amount_in_different_currencies_is_not_equal() -> None:
    """1 EUR is not 1 USD."""
    assert Money.of("1", "EUR") != Money.of("1", "USD")


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda m: m + 5, id="add an int"),
        pytest.param(lambda m: m - 5, id="subtract an int"),
        pytest.param(lambda m: m < 5, id="compare with an int"),
        pytest.param(lambda m: m <= Decimal(5), id="compare with a Decimal"),
    ],
)
def test_operators_with_a_non_money_operand_raise_type_error(
    operation: Callable[[Money], object],
) -> None:
    """Adding or comparing Money with a bare number is a TypeError, as Python's protocol says."""
    with pytest.raises(TypeError):
        operation(Money.of("1", "EUR"))


# --- text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("12.50", "EUR", "12.50 EUR"),
        ("-0.125", "USD", "-0.125 USD"),
        ("1E+3", "EUR", "1000 EUR"),
        ("0", "JPY", "0 JPY"),
    ],
    ids=["plain", "negative with extra digits", "exponent written out", "zero"],
)
def test_str_is_amount_and_code(amount: str, currency: str, expected: str) -> None:
    """`str()` writes the amount without an exponent, then the code."""
    assert expected == str(Money.of(amount, currency))


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        pytest.param("1234.5", "EUR", "en_US", "\u20ac1,234.50", id="en_US EUR"),
        pytest.param("1234.5", "USD", "en_US", "$1,234.50", id="en_US USD"),
        pytest.param("-1234.5", "USD", "en_US", "-$1,234.50", id="en_US negative"),
        pytest.param("1234", "JPY", "en_US", "\u00a51,234", id="en_US JPY no decimals"),
        pytest.param("1.234", "BHD", "en_US", "BHD1.234", id="en_US BHD three decimals"),
        pytest.param(
            "1234.5", "EUR", "de_DE", "1.234,50\u00a0\u20ac", id="de_DE no-break space before sign"
        ),
        pytest.param("1234", "JPY", "de_DE", "1.234\u00a0\u00a5", id="de_DE JPY"),
        pytest.param("1234", "JPY", "ja_JP", "\uffe51,234", id="ja_JP fullwidth yen sign"),
        pytest.param("1234.5", "EUR", "ja_JP", "\u20ac1,234.50", id="ja_JP EUR"),
        pytest.param(
            "1234.5",
            "EUR",
            "fr_FR",
            "1\u202f234,50\u00a0\u20ac",
            id="fr_FR narrow no-break space groups",
        ),
    ],
)
def test_format_follows_the_locale(amount: str, currency: str, locale: str, expected: str) -> None:
    """`format` uses the locale's symbols, separators and exact space characters."""
    actual = Money.of(amount, currency).format(locale)

    assert expected == actual


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        pytest.param("0.125", "USD", "en_US", "$0.125", id="0.125 USD not rounded half-even"),
        pytest.param("1234.5678", "USD", "en_US", "$1,234.5678", id="unit price digits kept"),
        pytest.param("1234.5678", "USD", "de_DE", "1.234,5678\u00a0$", id="de_DE digits kept"),
        pytest.param("2.5", "JPY", "ja_JP", "\uffe52.5", id="2.5 JPY not rounded to 2"),
        pytest.param("1E+3", "USD", "en_US", "$1,000.00", id="exponent padded to cents"),
    ],
)
def test_format_never_rounds(amount: str, currency: str, locale: str, expected: str) -> None:
    """`format` shows every digit the amount carries: Babel's half-even rounding never applies."""
    actual = Money.of(amount, currency).format(locale)

    assert expected == actual


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("0.125", "USD", "en_US", "$0.13"),
        ("2.5", "JPY", "ja_JP", "\uffe53"),
        ("1.0005", "BHD", "en_US", "BHD1.001"),
    ],
    ids=["0.125 USD", "2.5 JPY", "1.0005 BHD"],
)
def test_format_of_rounded_shows_the_half_up_figure(
    amount: str, currency: str, locale: str, expected: str
) -> None:
    """Rounding first, then formatting, shows the half-up figure."""
    actual = Money.of(amount, currency).rounded().format(locale)

    assert expected == actual


@pytest.mark.parametrize("locale", ["xx_XX", "klingon"])
def test_format_with_an_unknown_locale_raises_an_msa_error(locale: str) -> None:
    """An unknown locale is bad input, so it raises an MsaError (a ValueError), naming it."""
    with pytest.raises(MsaError, match=locale):
        Money.of("1", "EUR").format(locale)


def test_format_does_not_depend_on_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default locale is en_US whatever $LANG and $LC_ALL say."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.setenv("LC_MONETARY", "de_DE.UTF-8")

    actual = Money.of("1234.5", "EUR").format()

    assert actual == "\u20ac1,234.50"


# --- bounds -------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount",
    ["999999999999999.99", "-999999999999999.99", "0.0000000001", "1.0000000000"],
    ids=[
        "just under a quadrillion",
        "just over minus a quadrillion",
        "ten fraction digits",
        "ten fraction zeros",
    ],
)
def test_amounts_within_bounds_are_accepted(amount: str) -> None:
    """Amounts under 1e15 in size with at most 10 fraction digits are accepted."""
    money = Money.of(amount, "USD")

    assert amount == text(money)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        pytest.param(
            "1000000000000000",
            "Money.amount: must be smaller than 1000000000000000 in size (got '1000000000000000')",
            id="exactly 1e15",
        ),
        pytest.param(
            "-1000000000000000",
            "Money.amount: must be smaller than 1000000000000000 in size (got '-1000000000000000')",
            id="exactly -1e15",
        ),
        pytest.param(
            "1E+15",
            "Money.amount: must be smaller than 1000000000000000 in size (got '1000000000000000')",
            id="1E+15 in exponent form",
        ),
        pytest.param(
            "0.00000000001",
            "Money.amount: must have at most 10 digits after the decimal point "
            "(got '0.00000000001')",
            id="eleven fraction digits",
        ),
        pytest.param(
            "1E-11",
            "Money.amount: must have at most 10 digits after the decimal point "
            "(got '0.00000000001')",
            id="1E-11 in exponent form",
        ),
    ],
)
def test_amounts_out_of_bounds_are_refused(amount: str, message: str) -> None:
    """An amount of 1e15 or more in size, or with over 10 fraction digits, is refused."""
    with pytest.raises(ValidationError) as caught:
        Money.of(amount, "USD")

    assert message == str(caught.value)


def test_both_bounds_are_reported_together() -> None:
    """An amount too large and too precise breaks two rules, reported at once."""
    shown = "(got '1000000000000000.00000000001')"
    expected = [
        f"Money.amount: must be smaller than 1000000000000000 in size {shown}",
        f"Money.amount: must have at most 10 digits after the decimal point {shown}",
    ]

    with pytest.raises(ValidationError) as caught:
        Money.of("1000000000000000.00000000001", "USD")

    assert expected == [str(problem) for problem in caught.value.problems]


def test_bound_constants() -> None:
    """The bounds are a quadrillion and ten fraction digits."""
    assert Decimal(10) ** 15 == MAX_AMOUNT
    assert MAX_FRACTION_DIGITS == 10


# --- value semantics ----------------------------------------------------------


def test_money_is_frozen() -> None:
    """Money cannot be changed in place."""
    money = Money.of("1", "EUR")

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        money.amount = Decimal(2)  # type: ignore[misc]


def test_money_is_hashable() -> None:
    """Money can key a dict: equal amounts find the same entry."""
    prices = {Money.of("10.50", "EUR"): "ten fifty"}

    assert prices[Money.of("10.5", "EUR")] == "ten fifty"


def test_evolve_revalidates() -> None:
    """`attrs.evolve` into a withdrawn currency raises like the constructor does."""
    money = Money.of("1", "EUR")

    with pytest.raises(ValidationError) as caught:
        attrs.evolve(money, currency="HRK")

    assert str(caught.value) == f"Money.currency: {CURRENCY_RULE} (got 'HRK')"

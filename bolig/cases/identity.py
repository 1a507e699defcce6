"""Phone numbers and national ids: validated, stored compactly, shown masked (R27)."""

from __future__ import annotations

from datetime import date

import phonenumbers
from stdnum.no import fodselsnummer

H_NUMBER_MONTH_OFFSET = 40


def normalise_phone(raw: str, region: str = "NO") -> str | None:
    """The number in E.164 (+4791234567), or None when it is not a valid phone number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def can_get_sms(e164: str) -> bool:
    """Whether a valid number is a mobile one (or may be, where the plan does not tell), so SMS reach it."""
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def normalise_national_id(raw: str) -> str | None:
    """An 11-digit fødselsnummer, D-number or H-number with valid check digits, else None."""
    number = fodselsnummer.compact(raw)
    if len(number) != 11 or not number.isdigit():
        return None
    if fodselsnummer.is_valid(number):  # ordinary numbers and D-numbers (first digit + 4)
        return number
    return number if _is_h_number(number) else None


def _is_h_number(number: str) -> bool:
    """H-numbers (help numbers) add 40 to the month; the check digits are as for other numbers."""
    month = int(number[2:4]) - H_NUMBER_MONTH_OFFSET
    if not 1 <= month <= 12:
        return False
    try:
        date(2000, month, int(number[:2]))
    except ValueError:
        return False
    first = fodselsnummer.calc_check_digit1(number[:9])
    return number[9] == first and number[10] == fodselsnummer.calc_check_digit2(number[:10])


def mask_national_id(number: str | None) -> str:
    """Enough to recognise the number on a call, never enough to use it: the last four digits."""
    return "" if not number else "•••••••" + number[-4:]

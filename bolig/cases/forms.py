"""The intake form: the fewest fields that let the worker act; only where and who are required."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from bolig.cases.models import CLIENT_LANGUAGES, CaseReason, ClosedReason, Destination, ReceivedVia
from bolig.shelters.forms import choices

RECEIVED_VIA = {
    ReceivedVia.PHONE: _l("By phone"),
    ReceivedVia.ORAL: _l("In person"),
    ReceivedVia.WRITTEN: _l("In writing"),
    ReceivedVia.DIGITAL: _l("Digitally"),
}
REASONS = {
    CaseReason.FIRE: _l("Fire"),
    CaseReason.EVICTION: _l("Eviction"),
    CaseReason.BREAKUP: _l("Breakup"),
    CaseReason.VIOLENCE: _l("Violence"),
    CaseReason.RELEASE: _l("Release from institution or prison"),
    CaseReason.OTHER: _l("Other"),
}
DESTINATIONS = {
    Destination.OWN_RENTAL: _l("Own rented home"),
    Destination.MUNICIPAL_HOUSING: _l("Municipal housing"),
    Destination.FAMILY_OR_FRIENDS: _l("Family or friends"),
    Destination.INSTITUTION: _l("Institution"),
    Destination.OTHER: _l("Other"),
    Destination.UNKNOWN: _l("Unknown"),
}
CLOSED_REASONS = {
    ClosedReason.WITHDRAWN: _l("The household withdrew its application"),
    ClosedReason.OWN_SOLUTION: _l("They found somewhere to stay themselves"),
    ClosedReason.MOVED_AWAY: _l("They are staying in another municipality now"),
    ClosedReason.OTHER: _l("Other"),
}
CORRECTION_FIELDS = {
    "name": _l("Name"),
    "phone": _l("Mobile number"),
    "language": _l("Language for SMS"),
    "sms_consent": _l("Agrees to SMS from NAV"),
    "protected_address": _l("Protected address"),
}
WHO = {"mixed": _l("Mixed, or not said"), "women": _l("Women only"), "men": _l("Men only")}


class IntakeForm(FlaskForm):
    where = StringField(
        _l("Where are they now?"),
        description=_l("An address, a street or a place, like 'Storgata 10' or 'Oslo S'."),
        validators=[DataRequired(_l("Write where the household is now."))],
    )
    # Set by "use my position" from the phone's location: a pin where geocoding has nothing to offer.
    latitude = HiddenField()
    longitude = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(_l("Write the person's name."))])
    adults = IntegerField(_l("Adults"), default=1, validators=[NumberRange(0, 20, _l("Write a number of adults."))])
    children_ages = StringField(
        _l("Children's ages"), description=_l("Separated by commas, like 4, 9. Leave empty if none.")
    )
    pets = BooleanField(_l("Pets with them"))
    who = SelectField(
        _l("Who is in the household"),
        choices=choices(WHO),
        description=_l("Women and men can then be offered places for women or men only."),
    )
    single_gender_place = BooleanField(_l("Needs a place for women or men only"))
    wheelchair = BooleanField(_l("Needs wheelchair access"))
    substance_free = BooleanField(_l("Needs a substance-free place"))
    youngest_adult_age = IntegerField(
        _l("Age of the youngest adult"), validators=[Optional()], description=_l("Only if under 25 or you know it.")
    )
    phone = StringField(_l("Mobile number"), validators=[Optional()])
    sms_consent = BooleanField(_l("Agrees to get SMS about the place"))
    language = SelectField(_l("Language for SMS"), choices=choices(CLIENT_LANGUAGES))
    protected_address = BooleanField(_l("Protected address"))
    national_id = StringField(
        _l("National id number"), validators=[Optional()], description=_l("Only when secure identification is needed.")
    )
    received_via = SelectField(_l("How did the application come?"), choices=choices(RECEIVED_VIA))
    reason = SelectField(
        _l("What happened?"), choices=choices(REASONS), description=_l("For statistics only; it never decides a place.")
    )
    note = TextAreaField(_l("Note"), validators=[Optional()])

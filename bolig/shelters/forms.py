"""Forms for shelters, their place categories, agreements, inspections and operators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from bolig.shelters.models import Channel, GenderPolicy, PlaceKind, ProviderType

PROVIDER_TYPES = {
    ProviderType.SHELTER: _l("Shelter"),
    ProviderType.NIGHT_SHELTER: _l("Night shelter (overnight only)"),
    ProviderType.HOTEL: _l("Hotel"),
    ProviderType.CABIN: _l("Cabin or camping"),
    ProviderType.OTHER: _l("Other"),
}
PLACE_KINDS = {PlaceKind.BED: _l("Bed (one person)"), PlaceKind.FAMILY_UNIT: _l("Family unit (one household)")}
CHANNEL_LABELS = {Channel.WEB: _l("web"), Channel.API: _l("API"), Channel.SMS: _l("SMS")}
GENDER_POLICIES = {
    GenderPolicy.ANY: _l("Anyone"),
    GenderPolicy.WOMEN: _l("Women only"),
    GenderPolicy.MEN: _l("Men only"),
}


def choices(labels: Mapping[Any, object]) -> list[SelectChoice]:
    """Options for a field, their labels kept lazy: translated when the form is drawn, in the reader's language."""
    return [SelectChoice(str(value), label) for value, label in labels.items()]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ShelterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the shelter a name."))])
    provider_type = SelectField(_l("Sort of place"), choices=choices(PROVIDER_TYPES))
    address = StringField(_l("Street address"))
    postcode = StringField(_l("Postcode"), validators=[Optional()])
    city = StringField(_l("Town"))
    latitude = DecimalField(_l("Latitude"), places=6, validators=[Optional()], description=_l("For example 59.9139"))
    longitude = DecimalField(_l("Longitude"), places=6, validators=[Optional()], description=_l("For example 10.7522"))
    contact_phone = StringField(_l("Phone for caseworkers"))
    operator_phone = StringField(
        _l("Operator's mobile for SMS"), description=_l("Free places can be reported by SMS from this number.")
    )
    price_per_night = DecimalField(_l("Price per night (kr)"), places=2, validators=[Optional()])
    protected = BooleanField(
        _l("Protected address"),
        description=_l(
            "The address is shown only to those who need it and never published (e.g. for people fleeing violence)."
        ),
    )
    active = BooleanField(_l("In use"), default=True)


class CategoryForm(FlaskForm):
    kind = SelectField(_l("Kind of place"), choices=choices(PLACE_KINDS))
    code = StringField(
        _l("Code"),
        validators=[Optional()],
        description=_l("Leave empty unless the shelter has two categories of the same kind."),
    )
    label = StringField(_l("Name shown"), validators=[Optional()], description=_l("For example 'Women's floor'."))
    maximum = IntegerField(_l("Places at most"), validators=[InputRequired(_l("Write how many places fit."))])
    gender_policy = SelectField(_l("Who the places are for"), choices=choices(GENDER_POLICIES))
    minimum_age = IntegerField(_l("Minimum age"), default=18, validators=[InputRequired(_l("Write the minimum age."))])
    children_allowed = BooleanField(_l("Children allowed"))
    wheelchair_accessible = BooleanField(_l("Wheelchair accessible"))
    pets_allowed = BooleanField(_l("Pets allowed"))
    substance_free = BooleanField(_l("Substance-free"))
    staffed_24_7 = BooleanField(_l("Staffed day and night"))


class AgreementForm(FlaskForm):
    valid_from = DateField(_l("Valid from"), validators=[InputRequired(_l("Write the first day."))])
    valid_to = DateField(_l("Valid to"), validators=[InputRequired(_l("Write the last day."))])
    linen_changed_weekly = BooleanField(_l("Bed linen and towels changed at least weekly"), default=True)
    bathrooms_cleaned_daily = BooleanField(_l("Shared bathrooms cleaned at least daily"), default=True)
    daily_supervision = BooleanField(_l("Daily supervision"), default=True)
    kitchen_and_toilet_access = BooleanField(_l("Access to cooking, bathroom and toilet"), default=True)
    suitable_for_families = BooleanField(_l("Suitable for families with children"))
    note = TextAreaField(_l("Note"))


class InspectionForm(FlaskForm):
    inspected_on = DateField(_l("Date of inspection"), validators=[InputRequired(_l("Write the date."))])
    inspector = StringField(_l("Inspector"), validators=[DataRequired(_l("Write who inspected."))])
    passed = BooleanField(_l("Passed"))
    findings = TextAreaField(_l("Findings"))


class OperatorsForm(FlaskForm):
    operators = MultiCheckboxField(_l("Operators who act for the shelter"), coerce=int)

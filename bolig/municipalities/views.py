"""The administrator sets the municipality's own practice: hold length, alerts, quiet hours, phones, archive."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import Field, StringField, TextAreaField

from bolig.auth.permissions import Permission, acting_user, permission_required
from bolig.db import db, utcnow
from bolig.decisions.operations import LETTER_DEFAULTS
from bolig.errors import InvalidInput
from bolig.forms import MONEY
from bolig.municipalities import operations
from bolig.municipalities.models import Municipality
from bolig.municipalities.rates import MEMBER_LABELS, add_rates, rate_versions, rates_on
from bolig.municipalities.settings import BY_KEY, GROUPS, LETTER_TEXTS, Setting, current, shown
from bolig.timeutil import oslo_today

bp = Blueprint("municipalities", __name__)


def _name(key: str) -> str:
    """A setting's form field: a letter text's key has dots, which an HTML id should not."""
    return key.replace(".", "-")


def _settings_form(municipality: Municipality) -> FlaskForm:
    """One field per setting, filled with what the municipality has now; a sent form wins over that."""

    class SettingsForm(FlaskForm):
        pass

    for setting in BY_KEY.values():
        setattr(SettingsForm, _name(setting.key), _field(setting))
    return SettingsForm(data={_name(key): shown(current(municipality, key)) for key in BY_KEY})


def _field(setting: Setting) -> Field:
    if setting.key.startswith(LETTER_TEXTS + "."):
        _texts, language, part = setting.key.split(".")
        hint = f"{setting.hint} “{LETTER_DEFAULTS[part][language]}”"
        return TextAreaField(setting.label, description=hint, render_kw={"rows": 4})
    kind = {"type": "tel"} if setting.inputmode == "tel" else {"inputmode": setting.inputmode}
    return StringField(setting.label, description=setting.hint, render_kw={"autocomplete": "off", **kind})


@bp.route("/admin/settings", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def settings() -> Response | tuple[str, int]:
    admin = acting_user()
    form = _settings_form(admin.municipality)
    if form.validate_on_submit():
        sent = {key: form[_name(key)].data or "" for key in BY_KEY}
        try:
            changed = operations.update_settings(admin.municipality, sent, actor=admin)
        except InvalidInput as error:
            db.session.rollback()
            for key, message in error.errors.items():
                form[_name(key)].errors = [message]
        else:
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("municipalities.settings"))
    groups = [(title, [_name(key) for key in keys]) for title, keys in GROUPS]
    page = render_template("municipalities/settings.html", form=form, groups=groups)
    return page, 422 if form.errors else 200


class RatesForm(FlaskForm):
    """The municipality's own guideline rates from a day: whole kroner a month for each member (R32)."""

    valid_from = StringField(_l("From"), render_kw={"type": "date"})
    single_adult = StringField(MEMBER_LABELS["single_adult"], render_kw=MONEY)
    couple = StringField(MEMBER_LABELS["couple"], render_kw=MONEY)
    shared_housing = StringField(MEMBER_LABELS["shared_housing"], render_kw=MONEY)
    child_0_5 = StringField(MEMBER_LABELS["child_0_5"], render_kw=MONEY)
    child_6_10 = StringField(MEMBER_LABELS["child_6_10"], render_kw=MONEY)
    child_11_17 = StringField(MEMBER_LABELS["child_11_17"], render_kw=MONEY)
    source = StringField(_l("Decided by"), description=_l("For example the council's decision and its date."))


@bp.route("/admin/rates", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def rates() -> Response | tuple[str, int]:
    admin = acting_user()
    form = RatesForm()
    if form.validate_on_submit():
        try:
            added = add_rates(admin.municipality, form.data, actor=admin, now=utcnow())
        except InvalidInput as error:
            db.session.rollback()
            for key, message in error.errors.items():
                form[key].errors = [message]
        else:
            db.session.commit()
            flash(_("The rates from %(day)s are saved.", day=format_date(added.valid_from, "short")), "success")
            return redirect(url_for("municipalities.rates"))
    now = utcnow()
    page = render_template(
        "municipalities/rates.html",
        form=form,
        versions=rate_versions(admin.municipality),
        in_force=rates_on(admin.municipality, oslo_today(now)),
        labels=MEMBER_LABELS,
    )
    return page, 422 if form.errors else 200

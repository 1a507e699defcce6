"""The administrator sets the municipality's own practice: hold length, alerts, quiet hours, phones, archive."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField

from bolig.auth.permissions import Permission, acting_user, permission_required
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.municipalities import operations
from bolig.municipalities.models import Municipality
from bolig.municipalities.settings import GROUPS, SETTINGS, shown

bp = Blueprint("municipalities", __name__)


def _settings_form(municipality: Municipality) -> FlaskForm:
    """One text field per setting, filled with what the municipality has now; a sent form wins over that."""

    class SettingsForm(FlaskForm):
        pass

    for setting in SETTINGS:
        kind = {"type": "tel"} if setting.inputmode == "tel" else {"inputmode": setting.inputmode}
        field = StringField(setting.label, description=setting.hint, render_kw={"autocomplete": "off", **kind})
        setattr(SettingsForm, setting.key, field)
    return SettingsForm(data={setting.key: shown(municipality.setting(setting.key)) for setting in SETTINGS})


@bp.route("/admin/settings", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def settings() -> Response | tuple[str, int]:
    admin = acting_user()
    form = _settings_form(admin.municipality)
    if form.validate_on_submit():
        sent = {setting.key: form[setting.key].data or "" for setting in SETTINGS}
        try:
            changed = operations.update_settings(admin.municipality, sent, actor=admin)
        except InvalidInput as error:
            db.session.rollback()
            for key, message in error.errors.items():
                form[key].errors = [message]
        else:
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("municipalities.settings"))
    page = render_template("municipalities/settings.html", form=form, groups=GROUPS)
    return page, 422 if form.errors else 200

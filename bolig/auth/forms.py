"""Forms for logging in, API keys and user administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from bolig.auth.models import Role

ROLE_LABELS = {
    Role.CASEWORKER: _l("Caseworker"),
    Role.OPERATOR: _l("Shelter operator"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.ADMIN: _l("Administrator"),
}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    next = HiddenField()


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name of the key"),
        description=_l("Say what will use it, e.g. the shelter's booking system."),
        validators=[DataRequired(_l("Give the key a name.")), Length(max=80)],
    )


class UserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the person's name."))])
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter an e-mail address."))])
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()])
    password = PasswordField(
        _l("First password"),
        description=_l("At least 12 characters. Give it to the person in a safe way."),
        validators=[DataRequired(_l("Enter a first password."))],
    )

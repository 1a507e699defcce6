"""Every model of every area, imported once so the metadata is complete (Alembic, relationships)."""

from bolig.audit.models import AuditEvent
from bolig.auth.models import ApiToken, User, operator_shelters
from bolig.municipalities.models import Municipality, Office
from bolig.shelters.models import Shelter

__all__ = ["ApiToken", "AuditEvent", "Municipality", "Office", "Shelter", "User", "operator_shelters"]

"""Every model of every area, imported once so the metadata is complete (Alembic, relationships)."""

from bolig.audit.models import AuditEvent
from bolig.auth.models import ApiToken, User, operator_shelters
from bolig.cases.models import Case, Client, Hold, Incident, Stay
from bolig.decisions.models import Appeal, Decision
from bolig.followups.models import FollowUp
from bolig.guarantees.models import DepositGuarantee, GuaranteeClaim
from bolig.municipalities.models import Municipality, Office
from bolig.notifications.models import SmsMessage
from bolig.shelters.models import CapacityReport, Inspection, PlaceCategory, QualityAgreement, Shelter

__all__ = [
    "ApiToken",
    "Appeal",
    "AuditEvent",
    "CapacityReport",
    "Case",
    "Client",
    "Decision",
    "DepositGuarantee",
    "FollowUp",
    "GuaranteeClaim",
    "Hold",
    "Incident",
    "Inspection",
    "Municipality",
    "Office",
    "PlaceCategory",
    "QualityAgreement",
    "Shelter",
    "SmsMessage",
    "Stay",
    "User",
    "operator_shelters",
]

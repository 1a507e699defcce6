"""Twilio's webhooks (replies and delivery reports, signature checked) and the page of sent SMS."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from sqlalchemy import select
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.wrappers import Response

from bolig.audit.operations import origin, record
from bolig.auth.permissions import Permission, acting_user, permission_required, signed
from bolig.cases.identity import normalise_phone
from bolig.db import db, utcnow
from bolig.extensions import csrf
from bolig.notifications import inbound, operations
from bolig.notifications.models import SmsMessage
from bolig.notifications.texts import KIND_LABELS, STATUS_LABELS, mask_phone
from bolig.web import link, public_url
from providers.sms import segments

bp = Blueprint("notifications", __name__)
bp.add_app_template_global(mask_phone)
bp.add_app_template_global(segments, "sms_segments")
# Twilio signs its requests; no cookie is trusted there, so there is no form to forge.
webhooks = Blueprint("webhooks", __name__)
csrf.exempt(webhooks)
PAGE_SIZE = 200


def _signed() -> None:
    """403 unless Twilio signed exactly this address and these parameters with the account's token."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    path = request.full_path.removesuffix("?")
    if not token or not signature:
        abort(403)
    if not RequestValidator(token).validate(public_url(path), request.form.to_dict(), signature):
        abort(403)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"sms_kind_labels": KIND_LABELS, "sms_status_labels": STATUS_LABELS}


@webhooks.post("/webhooks/twilio/inbound")
@signed
def twilio_inbound() -> Response:
    _signed()
    phone = normalise_phone(request.form.get("From", "")) or ""
    with origin("sms"):
        reply = inbound.handle(
            phone,
            request.form.get("Body", ""),
            now=utcnow(),
            case_link=lambda case: link(url_for("cases.show", case_id=case.id)),
        )
    db.session.commit()
    answer = MessagingResponse()
    answer.message(reply)
    return Response(str(answer), mimetype="application/xml")


@webhooks.post("/webhooks/twilio/status")
@signed
def twilio_status() -> tuple[str, int]:
    _signed()
    sid = request.form.get("MessageSid", "")
    operations.record_status(sid, request.form.get("MessageStatus", ""), request.form.get("ErrorCode", ""), utcnow())
    db.session.commit()
    return "", 204


@bp.get("/sms")
@permission_required(Permission.READ_SMS)
def sent() -> str:
    actor = acting_user()
    query = (
        select(SmsMessage)
        .where(SmsMessage.municipality_id == actor.municipality_id)
        .order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc())
        .limit(PAGE_SIZE)
    )
    messages = list(db.session.scalars(query))
    # Messages say where people sleep: reading them is logged like reading a case (R24).
    record(actor, "sms.read", actor.municipality)
    db.session.commit()
    return render_template("notifications/sent.html", messages=messages)

"""The on-call worker's pages: intake, the case with its matches and held place, the board; the operator's arrivals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_time, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from bolig.auth.models import Role
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases import incidents, operations
from bolig.cases.forms import CLOSED_REASONS, CORRECTION_FIELDS, DESTINATIONS, IntakeForm
from bolig.cases.identity import mask_national_id
from bolig.cases.models import CLIENT_LANGUAGES, Case, CaseStatus, Hold, Incident, Stay
from bolig.cases.operations import CaseInput, PlaceTaken
from bolig.db import db, is_id, utcnow
from bolig.decisions import operations as decision_operations
from bolig.errors import InvalidInput
from bolig.followups import operations as follow_up_operations
from bolig.forms import whole_number
from bolig.guarantees.operations import deposits_of, guarantees_of
from bolig.matching.operations import find_matches
from bolig.matching.texts import reason_text
from bolig.municipalities.rates import MEMBER_LABELS, guideline, rates_on
from bolig.notifications import operations as sms
from bolig.notifications.models import SmsKind
from bolig.shelters.models import PlaceCategory, Shelter
from bolig.shelters.operations import in_norway, kind_label
from bolig.statistics import operations as statistics_operations
from bolig.timeutil import oslo_today
from bolig.web import apply_change, link, roll_back
from providers.geocoding import GeocodingUnavailable, Place

bp = Blueprint("cases", __name__)
# The worker on a phone sees the best ten; the rest are rarely better and cost a scroll.
SHOWN_OPTIONS = 10
bp.add_app_template_global(reason_text)
bp.add_app_template_global(mask_national_id)

bp.add_app_template_global(kind_label)


def _ages(raw: str) -> list[int] | None:
    ages = [whole_number(part, most=999) for part in raw.replace(";", ",").split(",") if part.strip()]
    return None if None in ages else [age for age in ages if age is not None]


@bp.route("/cases/new", methods=["GET", "POST"])
@permission_required(Permission.HANDLE_CASES)
def new_case() -> Response | tuple[str, int] | str:
    actor = acting_user()
    earlier = _earlier_case()
    if earlier is not None and earlier.status != CaseStatus.CLOSED:
        flash(_("%(name)s's case is still open: carry on with it.", name=earlier.client.first_name), "info")
        return redirect(url_for("cases.show", case_id=earlier.id))
    form = IntakeForm()
    if earlier is not None and request.method == "GET":
        _fill_from(form, earlier)
    suggestions: list[Place] = []
    if form.validate_on_submit():
        place = _pinned(form)
        if place is None:
            place, suggestions = _locate(
                form.where.data or "", request.form.get("place", ""), actor.municipality.number
            )
        if place is None:
            form.where.errors = [
                _("We could not find that place. Choose a suggestion, write a nearby street, or use your position.")
            ]
        ages = _ages(form.children_ages.data or "")
        if ages is None:
            form.children_ages.errors = [_("Write the ages as numbers separated by commas, like 4, 9.")]
        if place is not None and ages is not None:
            try:
                case = operations.create_case(
                    actor.municipality,
                    _case_input(form, place, ages),
                    actor=actor,
                    now=utcnow(),
                    client=earlier.client if earlier is not None else None,
                )
            except operations.OpenApplication as already:
                roll_back(already)
                flash(already.errors["national_id"], "info")
                return redirect(url_for("cases.show", case_id=already.case.id))
            except InvalidInput as error:
                roll_back(error)
                for field, message in error.errors.items():
                    target = {"client_name": "name", "location": "where"}.get(field, field)
                    getattr(form, target, form.where).errors = [message]
            else:
                db.session.commit()
                return redirect(url_for("cases.show", case_id=case.id))
    page = render_template("cases/new.html", form=form, suggestions=suggestions, earlier=earlier)
    return (page, 422) if form.errors else page


def _earlier_case() -> Case | None:
    """The closed case of a household applying again (?again=<case id>), if the worker came from it."""
    asked = request.values.get("again", type=int)
    return load_or_404(Case, asked, Permission.HANDLE_CASES) if asked is not None else None


def _fill_from(form: IntakeForm, earlier: Case) -> None:
    """Start a returning household's application from what is known of them; the worker checks it."""
    client = earlier.client
    form.name.data = client.name
    form.phone.data = client.phone
    form.language.data = client.language
    form.sms_consent.data = client.sms_consent
    form.protected_address.data = client.protected_address
    form.adults.data = earlier.adults
    form.children_ages.data = ", ".join(str(age) for age in earlier.children_ages)
    form.pets.data = earlier.pets
    form.youngest_adult_age.data = earlier.youngest_adult_age


def _pinned(form: IntakeForm) -> Place | None:
    """The phone's own position, when the worker used it and it lies in Norway."""
    try:
        latitude, longitude = float(form.latitude.data or ""), float(form.longitude.data or "")
    except ValueError:
        return None
    if not in_norway(latitude, longitude):
        return None
    return Place(name=(form.where.data or "").strip(), latitude=latitude, longitude=longitude, source="position")


def _locate(text: str, chosen: str, municipality: str) -> tuple[Place | None, list[Place]]:
    """The place the worker meant, or none and suggestions to choose from (a chosen suggestion wins)."""
    geocoder = current_app.extensions["geocoder"]
    try:
        found = geocoder.geocode(text, municipality=municipality)
    except GeocodingUnavailable:
        found = []
    suggest = getattr(geocoder, "suggestions", None)
    words = text.split()
    suggestions = list(suggest(words[0], municipality)) if suggest is not None and words else []
    if chosen:
        found = [place for place in [*found, *suggestions] if place.name == chosen]
    return (found[0], []) if found else (None, suggestions)


def _case_input(form: IntakeForm, place: Place, ages: list[int]) -> CaseInput:
    return CaseInput(
        client_name=form.name.data or "",
        received_via=form.received_via.data,
        reason=form.reason.data,
        location_text=place.name,
        latitude=place.latitude,
        longitude=place.longitude,
        adults=form.adults.data or 0,
        children_ages=ages,
        pets=bool(form.pets.data),
        gender=form.who.data or "mixed",
        single_gender_place=bool(form.single_gender_place.data),
        wheelchair=bool(form.wheelchair.data),
        substance_free=bool(form.substance_free.data),
        youngest_adult_age=form.youngest_adult_age.data,
        phone=form.phone.data or "",
        language=form.language.data,
        sms_consent=bool(form.sms_consent.data),
        national_id=form.national_id.data or "",
        protected_address=bool(form.protected_address.data),
        note=form.note.data or "",
    )


@bp.get("/cases/<int:case_id>")
@permission_required(Permission.READ_CASES)
def show(case_id: int) -> str:
    case = load_or_404(Case, case_id, Permission.READ_CASES)
    actor = acting_user()
    now = utcnow()
    operations.read_case(case, actor=actor)
    hold = operations.active_hold(case, now)
    stay = operations.current_stay(case)
    today = case.municipality.tonight(now)
    placed = hold is not None or stay is not None
    matches = find_matches(case, today, 1, now=now) if not placed and actor.role == Role.CASEWORKER else None
    held_until = now + timedelta(minutes=int(case.municipality.setting("hold_minutes")))
    shown = matches.options[:SHOWN_OPTIONS] if matches else ()
    # The shown places' shelters in one query, for the SMS each would send.
    ids = {option.candidate.shelter_id for option in shown}
    shelters = {shelter.id: shelter for shelter in db.session.scalars(select(Shelter).where(Shelter.id.in_(ids)))}
    previews = {
        option.candidate.category_id: sms.hold_preview(case.client, shelters[option.candidate.shelter_id], held_until)
        for option in shown
    }
    messages = sms.case_messages(case.id)
    decisions = decision_operations.decisions_of(case)
    follow_ups = follow_up_operations.follow_ups_of(case)
    guarantees, deposits = guarantees_of(case), deposits_of(case)
    rates = rates_on(case.municipality, oslo_today(now))
    # Drawn before the commit that logs the read (the page goes out only once that is committed), so what
    # was loaded is not expired and loaded again.
    page = render_template(
        "cases/show.html",
        case=case,
        hold=hold,
        stay=stay,
        housed=statistics_operations.time_housed(stay, now) if stay else None,
        previews=previews,
        messages=messages,
        decisions=decisions,
        follow_ups=follow_ups,
        guarantees=guarantees,
        deposits=deposits,
        living=guideline(operations.household_of(case), rates) if rates is not None else None,
        member_labels=MEMBER_LABELS,
        reminders={message.event_key: message for message in messages if message.kind == SmsKind.FOLLOW_UP},
        tomorrow=oslo_today(now) + timedelta(days=1),
        shown_options=SHOWN_OPTIONS,
        destinations=DESTINATIONS,
        closed_reasons=CLOSED_REASONS,
        client_languages=CLIENT_LANGUAGES,
        corrections=operations.corrections_of(case.client),
        correction_fields=CORRECTION_FIELDS,
        matches=matches,
        needs_justification=bool(case.children_ages) or (case.youngest_adult_age or 99) < operations.YOUNG_PERSON_AGE,
        fallback_reason=_("No place with a quality agreement fits at %(time)s.", time=format_time(now, "HH:mm")),
        today=today,
    )
    db.session.commit()
    return page


@bp.post("/cases/<int:case_id>/holds")
@permission_required(Permission.HANDLE_CASES)
def hold(case_id: int) -> Response | str:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    actor = acting_user()
    category = _chosen_category("category_id")
    if category is None or category.shelter.municipality_id != case.municipality_id:
        flash(_("Choose one of the places that fit."), "danger")
        return redirect(url_for("cases.show", case_id=case.id))
    now = utcnow()
    today = case.municipality.tonight(now)
    _change(
        lambda: operations.hold_place(
            case,
            category,
            first_night=today,
            nights=request.form.get("nights", type=int) or 1,
            actor=actor,
            now=now,
            today=today,
            fallback_reason=request.form.get("fallback_reason", ""),
            children_justification=request.form.get("children_justification", ""),
        ),
        success=_("The place is held for %(name)s.", name=case.client.first_name),
        taken=_("Someone else took that place a moment ago. Here are the next best."),
    )
    return redirect(url_for("cases.show", case_id=case.id))


def _chosen_category(field: str) -> PlaceCategory | None:
    """The place category a form field names, if its value could be an id at all."""
    chosen = request.form.get(field, type=int)
    return db.session.get(PlaceCategory, chosen) if is_id(chosen) else None


def _change(change: Callable[[], object], *, success: str = "", taken: str = "") -> None:
    """Run one change of a hold or stay and tell the worker how it went; a refusal changes nothing."""
    try:
        apply_change(change, success or _("Saved."))
    except PlaceTaken:
        db.session.rollback()
        flash(taken, "warning")


@bp.post("/cases/<int:case_id>/contact")
@permission_required(Permission.HANDLE_CASES)
def contact(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    form = request.form
    data = operations.ContactInput(
        name=form.get("name", ""),
        phone=form.get("phone", ""),
        language=form.get("language", ""),
        sms_consent=bool(form.get("sms_consent")),
        protected_address=bool(form.get("protected_address")),
    )
    apply_change(lambda: operations.update_contact(case, data, actor=acting_user(), now=utcnow()), _("Saved."))
    return redirect(url_for("cases.show", case_id=case.id, _anchor="contact"))


@bp.post("/cases/<int:case_id>/close")
@permission_required(Permission.HANDLE_CASES)
def close(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    form = request.form
    apply_change(
        lambda: operations.close_without_decision(
            case, form.get("reason", ""), form.get("note", ""), actor=acting_user(), now=utcnow()
        ),
        _("The case is closed."),
    )
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/holds/<int:hold_id>/<any(arrive, cancel, no_show):action>")
@permission_required(Permission.HANDLE_HOLDS)
def hold_action(hold_id: int, action: str) -> Response:
    hold = load_or_404(Hold, hold_id, Permission.HANDLE_HOLDS)
    actor = acting_user()
    now = utcnow()
    changes = {
        "arrive": lambda: operations.mark_arrived(hold, actor=actor, now=now),
        "cancel": lambda: operations.cancel_hold(hold, actor=actor, now=now),
        "no_show": lambda: operations.mark_no_show(hold, request.form.get("reason", ""), actor=actor, now=now),
    }
    _change(changes[action])
    if actor.role == Role.OPERATOR:
        return redirect(url_for("cases.arrivals"))
    return redirect(url_for("cases.show", case_id=hold.case_id))


@bp.post("/stays/<int:stay_id>/exclusion-request")
@permission_required(Permission.HANDLE_HOLDS)
def request_exclusion(stay_id: int) -> Response:
    stay = load_or_404(Stay, stay_id, Permission.HANDLE_HOLDS)
    case_link = link(url_for("cases.show", case_id=stay.case_id))
    _change(
        lambda: operations.request_exclusion(
            stay, request.form.get("facts", ""), actor=acting_user(), now=utcnow(), link=case_link
        ),
        success=_("NAV has been asked to end the stay. They will hear the client and decide today."),
    )
    if acting_user().role == Role.OPERATOR:
        return redirect(url_for("cases.arrivals"))
    return redirect(url_for("cases.show", case_id=stay.case_id))


@bp.post("/stays/<int:stay_id>/<any(extend, checkout, exclude):action>")
@permission_required(Permission.HANDLE_CASES)
def stay_action(stay_id: int, action: str) -> Response:
    stay = load_or_404(Stay, stay_id, Permission.HANDLE_CASES)
    actor = acting_user()
    now = utcnow()
    form = request.form
    changes = {
        "extend": lambda: operations.extend_stay(stay, form.get("nights", type=int) or 0, actor=actor, now=now),
        "checkout": lambda: operations.check_out(stay, form.get("destination", ""), actor=actor, now=now),
        "exclude": lambda: operations.exclude(
            stay, hearing=form.get("hearing", ""), facts=form.get("facts", ""), actor=actor, now=now
        ),
    }
    _change(
        changes[action], taken=_("Those nights are not free at this shelter. Find a new place for the nights after.")
    )
    return redirect(url_for("cases.show", case_id=stay.case_id))


INCIDENT_ROWS = 6


@bp.route("/incidents/new", methods=["GET", "POST"])
@permission_required(Permission.HANDLE_CASES)
def new_incident() -> Response | tuple[str, int] | str:
    actor = acting_user()
    rows = min(max(request.values.get("rows", INCIDENT_ROWS, type=int), 1), incidents.MAX_HOUSEHOLDS)
    errors: dict[str, str] = {}
    if request.method == "POST":
        place, _suggestions = _locate(request.form.get("where", ""), "", actor.municipality.number)
        households = _incident_rows(rows, errors)
        if place is None:
            errors["where"] = _("We could not find that place. Choose a suggestion, or write a nearby street.")
        if not errors and place is not None:
            inputs = [
                CaseInput(
                    client_name=name,
                    adults=adults,
                    children_ages=ages,
                    pets=pets,
                    reason="fire",
                    received_via="oral",
                    location_text=place.name,
                    latitude=place.latitude,
                    longitude=place.longitude,
                )
                for name, adults, ages, pets in households
            ]
            try:
                incident = incidents.register_incident(
                    actor.municipality, request.form.get("name", ""), inputs, actor=actor, now=utcnow()
                )
            except InvalidInput as error:
                roll_back(error)
                errors.update(error.errors)
            else:
                db.session.commit()
                return redirect(url_for("cases.incident", incident_id=incident.id))
    page = render_template("cases/new_incident.html", rows=rows, errors=errors, form=request.form)
    return (page, 422) if errors else page


def _incident_rows(rows: int, errors: dict[str, str]) -> list[tuple[str, int, list[int], bool]]:
    """The households typed in the rows and pasted as lines; a row or line with bad numbers is named in the errors."""
    households = []
    for row in range(rows):
        name = request.form.get(f"name-{row}", "").strip()
        if not name:
            continue
        household = _household(
            name,
            request.form.get(f"adults-{row}", "1"),
            request.form.get(f"children-{row}", ""),
            pets=bool(request.form.get(f"pets-{row}")),
        )
        if household is None:
            errors[f"row-{row}"] = _("Row %(n)d: write adults and children's ages as numbers.", n=row + 1)
            continue
        households.append(household)
    for number, line in enumerate(request.form.get("paste", "").splitlines(), start=1):
        if not line.strip():
            continue
        # A list from a spreadsheet comes with tabs; one typed by hand with semicolons.
        fields = [field.strip() for field in line.replace("\t", ";").split(";")] + ["", "", ""]
        household = _household(fields[0], fields[1] or "1", fields[2], pets=fields[3].lower() in YES_WORDS)
        if household is None or not fields[0]:
            errors[f"line-{number}"] = _(
                "Line %(n)d: write name; adults; children's ages; pets, like 'Amina Hansen; 2; 4, 9; ja'.", n=number
            )
            continue
        households.append(household)
    if not households and not errors:
        errors["rows"] = _("Write at least one household.")
    return households


# What a pasted list may say in its pets column to mean "yes".
YES_WORDS = {"ja", "j", "yes", "y", "x", "hund", "katt", "dyr"}


def _household(name: str, adults: str, ages: str, *, pets: bool) -> tuple[str, int, list[int], bool] | None:
    """One household from the words typed, or None when the numbers are not numbers."""
    children = _ages(ages)
    count = whole_number(adults, most=operations.MAX_ADULTS)
    if count is None or children is None:
        return None
    return name.strip(), count, children, pets


@bp.route("/incidents/<int:incident_id>", methods=["GET", "POST"])
@permission_required(Permission.HANDLE_CASES)
def incident(incident_id: int) -> Response | str:
    event = load_or_404(Incident, incident_id, Permission.HANDLE_CASES)
    actor = acting_user()
    now = utcnow()
    open_cases = [
        case
        for case in event.cases
        if operations.active_hold(case, now) is None and operations.current_stay(case) is None
    ]
    if request.method == "POST":
        chosen = []
        for case in open_cases:
            category = _chosen_category(f"place-{case.id}")
            if category is not None and category.shelter.municipality_id == event.municipality_id:
                chosen.append((case, category))
        try:
            result = incidents.confirm(
                event,
                chosen,
                justification=request.form.get("justification", ""),
                fallback_reason=request.form.get("fallback_reason", ""),
                actor=actor,
                now=now,
            )
        except InvalidInput as error:
            db.session.rollback()
            for message in error.errors.values():
                flash(message, "danger")
        else:
            db.session.commit()
            flash(
                ngettext("%(num)d household has a place.", "%(num)d households have a place.", len(result.held)),
                "success",
            )
            if result.lost:
                flash(_("Some places were taken by others meanwhile: see the new proposal."), "warning")
        return redirect(url_for("cases.incident", incident_id=event.id))
    proposal = incidents.propose_for(open_cases, now=now) if open_cases else None
    proposed = {open_cases[a.household].id: a for a in proposal.assignments} if proposal else {}
    candidates = incidents.fitting_places(open_cases, now=now) if open_cases else {}
    return render_template(
        "cases/incident.html",
        incident=event,
        open_cases=open_cases,
        proposed=proposed,
        candidates=candidates,
        placed=[case for case in event.cases if case not in open_cases],
        needs_justification=any(case.children_ages for case in open_cases),
    )


@bp.get("/board")
@permission_required(Permission.READ_CASES)
def board() -> str:
    actor = acting_user()
    now = utcnow()
    municipality = actor.municipality
    unplaced = operations.unplaced_cases(municipality, now)
    alert_after = timedelta(minutes=int(municipality.setting("unplaced_alert_minutes")))
    return render_template(
        "cases/board.html",
        unplaced=unplaced,
        now=now,
        alert_after=alert_after,
        undecided=decision_operations.undecided_today(municipality, now),
        checkpoint=decision_operations.decision_alert_due(municipality, now),
        overdue=decision_operations.overdue_decisions(municipality, now),
        interim=decision_operations.interim_replies_due(municipality, now),
        exclusions=operations.exclusion_requests(municipality),
        follow_ups_today=follow_up_operations.due_today(municipality, now),
        without_a_plan=follow_up_operations.stays_without_a_plan(municipality),
        long_stays=statistics_operations.long_stays(municipality, now),
    )


@bp.get("/arrivals")
@permission_required(Permission.HANDLE_HOLDS)
def arrivals() -> Response | str:
    actor = acting_user()
    if actor.role != Role.OPERATOR:
        return redirect(url_for("cases.board"))
    coming, staying = operations.arrivals_at(actor.shelters, utcnow())
    return render_template("cases/arrivals.html", holds=coming, stays=staying)

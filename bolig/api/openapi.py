"""The OpenAPI 3 document of the integration contract (v1), built from data kept per path."""

from __future__ import annotations

from typing import Any

from bolig.cases.models import CLIENT_LANGUAGES, ClosedReason
from bolig.followups.models import FollowUpKind
from bolig.shelters.models import ProviderType
from bolig.shelters.operations import CATEGORY_FLAGS

PROVIDER_TYPES = [kind.value for kind in ProviderType]
CLOSED_REASONS = [reason.value for reason in ClosedReason]
LANGUAGES = list(CLIENT_LANGUAGES)

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "example": "not_found"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def json_request(schema: dict[str, Any], *, required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


UNAUTHORIZED = error_response("No valid bearer token")
DECISION_ID = {"name": "decision_id", "in": "path", "required": True, "schema": {"type": "integer"}}
DECISION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "case_id": {"type": "integer"},
        "outcome": {"type": "string"},
        "subject": {"type": "string", "enum": ["temporary_housing", "deposit_guarantee", "cash_deposit"]},
        "guarantee_id": {"type": "integer", "nullable": True},
        "deposit_id": {"type": "integer", "nullable": True},
        "status": {"type": "string", "enum": ["draft", "issued"]},
        "issued_at": {"type": "string", "format": "date-time", "nullable": True},
        "pdf": {"type": "string", "nullable": True, "description": "where to GET the letter"},
        "pdf_sha256": {"type": "string", "nullable": True},
        "delivered_via": {"type": "string", "nullable": True},
        "received_on": {"type": "string", "format": "date", "nullable": True},
        "appeal_deadline": {"type": "string", "format": "date", "nullable": True},
        "corrects": {"type": "integer", "nullable": True},
    },
}
FOLLOW_UP = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "case_id": {"type": "integer"},
        "kind": {"type": "string"},
        "due_at": {"type": "string", "format": "date-time"},
        "place": {"type": "string"},
        "note": {"type": "string"},
        "status": {"type": "string", "enum": ["planned", "done", "missed", "cancelled"]},
        "outcome": {"type": "string"},
        "remind_client": {"type": "boolean"},
        "reminder": {
            "type": "object",
            "nullable": True,
            "description": "the client's SMS reminder; null when none could be queued",
            "properties": {
                "status": {"type": "string"},
                "send_at": {"type": "string", "format": "date-time", "nullable": True},
            },
        },
    },
}
CLAIM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "guarantee_id": {"type": "integer"},
        "received_on": {"type": "string", "format": "date"},
        "amount": {"type": "integer", "description": "kroner"},
        "grounds": {"type": "string"},
        "tenant_notified_on": {"type": "string", "format": "date", "nullable": True},
        "tenant_objections": {"type": "string"},
        "status": {"type": "string", "enum": ["received", "paid", "refused"]},
        "paid_amount": {"type": "integer"},
        "recoverable": {"type": "integer", "description": "what the client owes back when payouts are a loan"},
        "refusal": {"type": "string"},
    },
}
LEASE_PROPERTIES: dict[str, Any] = {
    "landlord_name": {"type": "string", "maxLength": 120},
    "landlord_address": {"type": "string", "maxLength": 200},
    "rental_address": {"type": "string", "maxLength": 200},
    "monthly_rent": {"type": "integer", "minimum": 1, "description": "whole kroner"},
    "lease_starts_on": {"type": "string", "format": "date"},
    "support_justification": {"type": "string", "description": "required for a loan"},
}
LEASE_REQUIRED = ["landlord_name", "rental_address", "monthly_rent", "lease_starts_on"]
SUPPORT = {
    "type": "string",
    "enum": ["grant", "loan"],
    "description": "a grant unless a loan is specially justified (sotjl § 21)",
}
GUARANTEE_INPUT_PROPERTIES: dict[str, Any] = {
    **LEASE_PROPERTIES,
    "months": {
        "type": "integer",
        "minimum": 1,
        "maximum": 6,
        "description": "with tenant_deposit, at most six months' rent in all (husleieloven § 3-6)",
    },
    "tenant_deposit": {"type": "integer", "minimum": 0, "description": "a cash deposit the tenant pays besides"},
    "payout_support": SUPPORT,
    "valid_until": {"type": "string", "format": "date", "description": "default: three years after the lease starts"},
}
REPAYMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "paid_on": {"type": "string", "format": "date"},
        "amount": {"type": "integer"},
        "note": {"type": "string"},
    },
}
GUARANTEE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "case_id": {"type": "integer"},
        **GUARANTEE_INPUT_PROPERTIES,
        "amount": {"type": "integer", "description": "the most paid under the guarantee, in kroner"},
        "issued_at": {"type": "string", "format": "date-time"},
        "document": {"type": "string", "description": "where to GET the guarantee document (PDF)"},
        "document_sha256": {"type": "string"},
        "remaining": {"type": "integer"},
        "claims": {"type": "array", "items": CLAIM},
        "owed": {"type": "integer", "description": "what the client owes back of payouts made as a loan"},
        "repayments": {"type": "array", "items": REPAYMENT},
    },
}
GUARANTEE_ID = {"name": "guarantee_id", "in": "path", "required": True, "schema": {"type": "integer"}}
DEPOSIT_INPUT_PROPERTIES: dict[str, Any] = {
    **LEASE_PROPERTIES,
    "amount": {
        "type": "integer",
        "minimum": 1,
        "description": "what NAV pays in; with tenant_share at most six months' rent (husleieloven § 3-5)",
    },
    "tenant_share": {"type": "integer", "minimum": 0, "description": "what the tenant pays into the account"},
    "account_number": {"type": "string", "description": "the deposit account, 11 digits"},
    "bank": {"type": "string", "maxLength": 80},
    "account_in_tenant_name": {
        "type": "boolean",
        "description": "must be true: a deposit account in the tenant's name, which neither party can use alone",
    },
    "support": SUPPORT,
    "paid_on": {"type": "string", "format": "date", "description": "within a month of today; default: today"},
}
DEPOSIT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "case_id": {"type": "integer"},
        **{key: value for key, value in DEPOSIT_INPUT_PROPERTIES.items() if key != "account_in_tenant_name"},
        "issued_at": {"type": "string", "format": "date-time"},
        "released_on": {"type": "string", "format": "date", "nullable": True},
        "returned": {"type": "integer", "description": "what came back to NAV of the account, under a loan"},
        "released_note": {"type": "string"},
        "owed": {"type": "integer", "description": "under a loan, what the client still owes"},
        "repayments": {"type": "array", "items": REPAYMENT},
    },
}
DEPOSIT_ID = {"name": "deposit_id", "in": "path", "required": True, "schema": {"type": "integer"}}
REPAYMENT_INPUT = {
    "type": "object",
    "required": ["paid_on", "amount"],
    "properties": {
        "paid_on": {"type": "string", "format": "date"},
        "amount": {"type": "integer", "minimum": 1},
        "note": {"type": "string"},
    },
}
NOT_FOUND = error_response("No such record in your municipality")
INVALID = error_response("Values refused; `fields` says which and why. Nothing was changed.")
BAD_JSON = error_response("The body is not a JSON object")
FORBIDDEN = error_response("Your role may not do this")

CATEGORY_INPUT_PROPERTIES: dict[str, Any] = {
    "kind": {"type": "string", "enum": ["bed", "family_unit"]},
    "code": {"type": "string", "description": "Defaults to the kind; unique within the shelter"},
    "label": {"type": "string"},
    "maximum": {"type": "integer", "minimum": 0},
    "gender_policy": {"type": "string", "enum": ["any", "women", "men"]},
    "minimum_age": {"type": "integer", "minimum": 0},
    **{flag: {"type": "boolean"} for flag in CATEGORY_FLAGS},
}
CATEGORY_INPUT = {"type": "object", "required": ["kind", "maximum"], "properties": CATEGORY_INPUT_PROPERTIES}
CATEGORY = {
    "type": "object",
    "properties": {
        **CATEGORY_INPUT_PROPERTIES,
        "offered": {"type": "integer", "nullable": True, "description": "null when not reported for the night"},
        "out_of_service": {"type": "integer"},
        "taken": {"type": "integer"},
        "free": {"type": "integer"},
        "reported_at": {"type": "string", "format": "date-time", "nullable": True},
        "stale": {"type": "boolean", "description": "not updated since the day's deadline (default 16:00)"},
    },
}
SHELTER = {
    "type": "object",
    "required": ["id", "name", "kind", "categories"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "municipality": {"type": "string", "pattern": "^[0-9]{4}$"},
        "provider_type": {"type": "string", "enum": PROVIDER_TYPES},
        "kind": {
            "type": "string",
            "enum": ["quality_agreement", "fallback"],
            "description": "derived for the night (R6)",
        },
        "kind_reason": {
            "type": "string",
            "enum": ["valid", "no_agreement", "expired", "not_yet_valid", "not_inspected", "inspection_failed"],
        },
        "agreements": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "valid_from": {"type": "string", "format": "date"},
                    "valid_to": {"type": "string", "format": "date"},
                },
            },
        },
        "protected": {"type": "boolean", "description": "address and coordinates are withheld"},
        "address": {"type": "string", "nullable": True},
        "postcode": {"type": "string", "nullable": True},
        "city": {"type": "string"},
        "latitude": {"type": "number", "nullable": True},
        "longitude": {"type": "number", "nullable": True},
        "price_per_night": {"type": "string", "example": "650.00"},
        "night": {"type": "string", "format": "date"},
        "categories": {"type": "array", "items": CATEGORY},
    },
}
CASE_ID = {"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}
HOLD = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "shelter_id": {"type": "integer"},
        "category": {"type": "string"},
        "first_night": {"type": "string", "format": "date"},
        "nights": {"type": "integer"},
        "places": {"type": "integer"},
        "status": {"type": "string", "enum": ["active", "cancelled", "arrived", "no_show", "expired"]},
        "expires_at": {"type": "string", "format": "date-time"},
    },
}
STAY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "hold_id": {"type": "integer"},
        "shelter_id": {"type": "integer"},
        "first_night": {"type": "string", "format": "date"},
        "last_night": {"type": "string", "format": "date"},
        "status": {"type": "string", "enum": ["staying", "checked_out", "excluded"]},
        "destination": {"type": "string", "nullable": True},
    },
}
REASONS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "string"}, "value": {"nullable": True}, "text": {"type": "string"}},
    },
}
CASE_SCHEMAS: dict[str, Any] = {
    "CaseInput": {
        "type": "object",
        "required": ["client", "location"],
        "properties": {
            "reason": {"type": "string", "enum": ["fire", "eviction", "breakup", "violence", "release", "other"]},
            "received_via": {"type": "string", "enum": ["oral", "phone", "written", "digital"]},
            "client": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "phone": {"type": "string"},
                    "language": {"type": "string", "enum": LANGUAGES},
                    "sms_consent": {"type": "boolean"},
                    "national_id": {"type": "string", "description": "only when needed; validated; shown masked"},
                    "protected_address": {"type": "boolean"},
                },
            },
            "household": {
                "type": "object",
                "properties": {
                    "adults": {"type": "integer", "minimum": 0},
                    "children_ages": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 17}},
                    "pets": {"type": "boolean"},
                },
            },
            "needs": {
                "type": "object",
                "properties": {
                    "gender": {"type": "string", "enum": ["women", "men", "mixed"]},
                    "single_gender_place": {"type": "boolean"},
                    "wheelchair": {"type": "boolean"},
                    "substance_free": {"type": "boolean"},
                    "youngest_adult_age": {"type": "integer"},
                },
            },
            "location": {
                "type": "object",
                "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}, "address": {"type": "string"}},
            },
            "note": {"type": "string"},
        },
    },
    "Case": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["open", "placed", "closed"]},
            "received_at": {"type": "string", "format": "date-time"},
            "holds": {"type": "array", "items": HOLD},
            "closed_at": {"type": "string", "format": "date-time", "nullable": True},
            "closed_without_decision": {
                "type": "object",
                "nullable": True,
                "properties": {"reason": {"type": "string", "enum": CLOSED_REASONS}, "note": {"type": "string"}},
            },
        },
    },
    "Matches": {
        "type": "object",
        "properties": {
            "fallback_only": {"type": "boolean"},
            "options": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "shelter_id": {"type": "integer"},
                        "shelter_name": {"type": "string"},
                        "category": {"type": "string"},
                        "tier": {"type": "string", "enum": ["quality_agreement", "fallback"]},
                        "distance_km": {"type": "number", "nullable": True},
                        "places_needed": {"type": "integer"},
                        "reasons": REASONS,
                    },
                },
            },
            "excluded": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "shelter_id": {"type": "integer"},
                        "shelter_name": {"type": "string"},
                        "reasons": REASONS,
                    },
                },
            },
        },
    },
}
PROPOSAL = {
    "type": "object",
    "properties": {
        "proposal": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "case_id": {"type": "integer"},
                    "shelter_id": {"type": "integer"},
                    "shelter_name": {"type": "string"},
                    "category": {"type": "string"},
                    "tier": {"type": "string", "enum": ["quality_agreement", "fallback"]},
                    "places": {"type": "integer"},
                    "distance_km": {"type": "number", "nullable": True},
                },
            },
        },
        "unplaced": {
            "type": "array",
            "items": {"type": "object", "properties": {"case_id": {"type": "integer"}, "reasons": REASONS}},
        },
    },
}
MUNICIPALITY_PARAMETER = {
    "name": "municipality",
    "in": "query",
    "required": False,
    "description": "Four-digit kommunenummer; defaults to the user's own",
    "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
}

PATHS: dict[str, Any] = {
    "/healthz": {
        "get": {
            "summary": "The app is alive",
            "security": [],
            "responses": {"200": json_response("Alive", {"type": "object"})},
        }
    },
    "/readyz": {
        "get": {
            "summary": "The database can be reached",
            "security": [],
            "responses": {
                "200": json_response("Ready", {"type": "object"}),
                "503": json_response("The database cannot be reached", {"type": "object"}),
            },
        }
    },
    "/api/v1/shelters": {
        "get": {
            "summary": "Shelters of a municipality with tonight's free places (an operator sees its own)",
            "parameters": [MUNICIPALITY_PARAMETER],
            "responses": {
                "200": json_response(
                    "The shelters, useful places first",
                    {
                        "type": "object",
                        "properties": {
                            "night": {"type": "string", "format": "date"},
                            "shelters": {"type": "array", "items": SHELTER},
                        },
                    },
                ),
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
            },
        },
        "post": {
            "summary": "Register a shelter with its categories and, optionally, a quality agreement (admin)",
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "provider_type": {"type": "string", "enum": PROVIDER_TYPES},
                        "address": {"type": "string"},
                        "postcode": {"type": "string"},
                        "city": {"type": "string"},
                        "latitude": {"type": "number"},
                        "longitude": {"type": "number"},
                        "contact_phone": {"type": "string"},
                        "operator_phone": {"type": "string"},
                        "price_per_night": {"type": "number"},
                        "protected": {"type": "boolean"},
                        "categories": {"type": "array", "items": CATEGORY_INPUT},
                        "agreement": {
                            "type": "object",
                            "required": ["valid_from", "valid_to"],
                            "properties": {
                                "valid_from": {"type": "string", "format": "date"},
                                "valid_to": {"type": "string", "format": "date"},
                                "linen_changed_weekly": {"type": "boolean"},
                                "bathrooms_cleaned_daily": {"type": "boolean"},
                                "daily_supervision": {"type": "boolean"},
                                "kitchen_and_toilet_access": {"type": "boolean"},
                                "suitable_for_families": {"type": "boolean"},
                            },
                        },
                    },
                }
            ),
            "responses": {
                "201": json_response("The shelter", SHELTER),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "403": FORBIDDEN,
                "422": INVALID,
            },
        },
    },
    "/api/v1/shelters/{shelter_id}/capacity": {
        "put": {
            "summary": "Report the places offered for a night, per category code (the last report wins)",
            "parameters": [{"name": "shelter_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["night"],
                    "properties": {"night": {"type": "string", "format": "date"}},
                    "additionalProperties": {"type": "integer", "minimum": 0},
                    "example": {"night": "2026-11-22", "bed": 4, "family_unit": 1},
                }
            ),
            "responses": {
                "200": json_response("The shelter with its free places for that night, after holds", SHELTER),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "403": FORBIDDEN,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/hsds/services": {
        "get": {
            "summary": "Open data: the municipality's shelters as HSDS 3.1 services with tonight's capacity",
            "security": [],
            "parameters": [{**MUNICIPALITY_PARAMETER, "required": True}],
            "responses": {
                "200": json_response("HSDS 3.1 services", {"type": "array", "items": {"type": "object"}}),
                "404": NOT_FOUND,
            },
        }
    },
    "/api/v1/cases": {
        "post": {
            "summary": "Register an urgent case (caseworker): who, where they are now, what they need",
            "requestBody": json_request({"$ref": "#/components/schemas/CaseInput"}),
            "responses": {
                "201": json_response("The case", {"$ref": "#/components/schemas/Case"}),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "403": FORBIDDEN,
                "422": INVALID,
            },
        }
    },
    "/api/v1/cases/{case_id}": {
        "get": {
            "summary": "The case (caseworker, supervisor); the read is logged",
            "parameters": [CASE_ID],
            "responses": {
                "200": json_response("The case", {"$ref": "#/components/schemas/Case"}),
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
            },
        }
    },
    "/api/v1/cases/{case_id}/client": {
        "patch": {
            "summary": "Correct the client's name, number, SMS language or consent, or mark a protected address; "
            "what is left out stays",
            "description": "SMS not yet sent follow a new number; a held place's address goes again to a number "
            "that has not had it. A client who answered STOPP still gets no SMS.",
            "parameters": [CASE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "maxLength": 120},
                        "phone": {"type": "string"},
                        "language": {"type": "string", "enum": LANGUAGES},
                        "sms_consent": {"type": "boolean"},
                        "protected_address": {"type": "boolean"},
                    },
                }
            ),
            "responses": {
                "200": json_response("The case", {"$ref": "#/components/schemas/Case"}),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/cases/{case_id}/close": {
        "post": {
            "summary": "Close a case whose application lapsed, without a decision; never for want of a place (R5)",
            "parameters": [CASE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["reason", "note"],
                    "properties": {"reason": {"type": "string", "enum": CLOSED_REASONS}, "note": {"type": "string"}},
                }
            ),
            "responses": {
                "200": json_response("The case, closed", {"$ref": "#/components/schemas/Case"}),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/cases/{case_id}/matches": {
        "get": {
            "summary": "Every place that fits, best first, with reasons; every excluded shelter with why not",
            "parameters": [
                CASE_ID,
                {"name": "night", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "nights", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            ],
            "responses": {
                "200": json_response("Options and excluded shelters", {"$ref": "#/components/schemas/Matches"}),
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/cases/{case_id}/holds": {
        "post": {
            "summary": "Hold a place, atomically: 409 with the next best when someone else took it first",
            "parameters": [CASE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["shelter_id", "category"],
                    "properties": {
                        "shelter_id": {"type": "integer"},
                        "category": {"type": "string"},
                        "night": {"type": "string", "format": "date"},
                        "nights": {"type": "integer", "minimum": 1},
                        "fallback_reason": {
                            "type": "string",
                            "description": "required for a place without a quality agreement",
                        },
                        "children_justification": {
                            "type": "string",
                            "description": "required for children and people under 25",
                        },
                    },
                }
            ),
            "responses": {
                "201": json_response("The hold", HOLD),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "409": error_response("Taken; `alternatives` lists the next best options"),
                "422": INVALID,
            },
        }
    },
    **{
        f"/api/v1/holds/{{hold_id}}/{action}": {
            "post": {
                "summary": summary,
                "parameters": [{"name": "hold_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                **(
                    {
                        "requestBody": json_request(
                            {
                                "type": "object",
                                "properties": {
                                    "reason": {
                                        "type": "string",
                                        "enum": ["did_not_arrive", "declined", "own_solution", "other"],
                                    }
                                },
                            },
                            required=False,
                        )
                    }
                    if action == "no-show"
                    else {}
                ),
                "responses": {
                    "200": json_response("The hold", HOLD),
                    "401": UNAUTHORIZED,
                    "404": NOT_FOUND,
                    "422": INVALID,
                },
            }
        }
        for action, summary in (
            ("arrive", "The household arrived (caseworker, or that shelter's operator)"),
            ("cancel", "Release the place; the case stays open"),
            ("no-show", "The household did not come: the place is freed and the case reopened"),
        )
    },
    **{
        f"/api/v1/stays/{{stay_id}}/{action}": {
            "post": {
                "summary": summary,
                "parameters": [{"name": "stay_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": json_request(body),
                "responses": {
                    "200": json_response("The stay", STAY),
                    "400": BAD_JSON,
                    "401": UNAUTHORIZED,
                    "404": NOT_FOUND,
                    **({"409": error_response("Those nights are not free")} if action == "extend" else {}),
                    "422": INVALID,
                },
            }
        }
        for action, summary, body in (
            (
                "extend",
                "Keep the place more nights, if free",
                {"type": "object", "properties": {"nights": {"type": "integer"}}},
            ),
            (
                "checkout",
                "The household left; where to",
                {
                    "type": "object",
                    "properties": {
                        "destination": {
                            "type": "string",
                            "enum": [
                                "own_rental",
                                "municipal_housing",
                                "family_or_friends",
                                "institution",
                                "other",
                                "unknown",
                            ],
                        }
                    },
                },
            ),
            (
                "exclude",
                "Excluded by the provider (R9): the hearing and the facts are required; the case reopens",
                {"type": "object", "properties": {"hearing": {"type": "string"}, "facts": {"type": "string"}}},
            ),
        )
    },
    "/api/v1/incidents": {
        "post": {
            "summary": "Many households at once (a building fire): one case each, and the optimal proposed assignment",
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["name", "households"],
                    "properties": {
                        "name": {"type": "string"},
                        "location": CASE_SCHEMAS["CaseInput"]["properties"]["location"],
                        "reason": CASE_SCHEMAS["CaseInput"]["properties"]["reason"],
                        "received_via": CASE_SCHEMAS["CaseInput"]["properties"]["received_via"],
                        "households": {"type": "array", "items": {"$ref": "#/components/schemas/CaseInput"}},
                    },
                }
            ),
            "responses": {
                "201": json_response("The incident and the proposal", PROPOSAL),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/incidents/{incident_id}/confirm": {
        "post": {
            "summary": "Hold the places as the worker adjusted them, each atomically; lost places are re-proposed",
            "parameters": [{"name": "incident_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": json_request(
                {
                    "type": "object",
                    "properties": {
                        "assignments": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "case_id": {"type": "integer"},
                                    "shelter_id": {"type": "integer"},
                                    "category": {"type": "string"},
                                },
                            },
                        },
                        "justification": {
                            "type": "string",
                            "description": "for children and young people (R7)",
                        },
                        "fallback_reason": {
                            "type": "string",
                            "description": "for places without agreement (R6)",
                        },
                    },
                }
            ),
            "responses": {
                "200": json_response(
                    "What was held, and a new proposal for what was lost",
                    {
                        "type": "object",
                        "properties": {"held": {"type": "array", "items": HOLD}, "reproposed": PROPOSAL},
                    },
                ),
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/cases/{case_id}/decisions": {
        "post": {
            "summary": "Issue a decision from the case (caseworker): 422 names what R12 and R13 still require",
            "parameters": [CASE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["outcome"],
                    "properties": {
                        "outcome": {"type": "string", "enum": ["grant", "refusal", "change", "stop"]},
                        "subject": {
                            "type": "string",
                            "enum": ["temporary_housing", "deposit_guarantee", "cash_deposit"],
                            "description": "default temporary_housing; a deposit guarantee is granted or refused (R21)",
                        },
                        "guarantee_id": {"type": "integer", "description": "the guarantee a guarantee's grant names"},
                        "deposit_id": {"type": "integer", "description": "the cash deposit a deposit's grant names"},
                        **{
                            key: {"type": "string"}
                            for key in (
                                "facts",
                                "reasoning",
                                "legal_basis",
                                "appeal_information",
                                "access_information",
                                "appeal_body",
                                "conditions",
                                "changes",
                                "hearing",
                            )
                        },
                        "payment": {
                            "type": "string",
                            "enum": ["own_share", "direct_with_consent", "direct_by_decision"],
                        },
                        "language": {"type": "string", "enum": ["nb", "nn"]},
                        "delivered_via": {"type": "string", "enum": ["in_person", "digital", "post"]},
                        "received_on": {
                            "type": "string",
                            "format": "date",
                            "description": "when the client got it; the appeal deadline runs from then",
                        },
                    },
                }
            ),
            "responses": {
                "201": json_response("The issued decision, its PDF and, once delivered, the deadline", DECISION),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/decisions/{decision_id}/appeals": {
        "post": {
            "summary": "Register an appeal (caseworker): whether it came in time (R14)",
            "parameters": [DECISION_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["received_on"],
                    "properties": {
                        "received_on": {"type": "string", "format": "date"},
                        "sent_on": {
                            "type": "string",
                            "format": "date",
                            "description": "when it was posted or sent; in time if by the deadline (R14)",
                        },
                        "channel": {"type": "string", "enum": ["in_person", "digital", "post"]},
                        "text": {"type": "string"},
                        "about": {
                            "type": "string",
                            "description": "`guarantee_payout` is refused: such a dispute is not an appeal",
                        },
                    },
                }
            ),
            "responses": {
                "201": json_response(
                    "The appeal",
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "decision_id": {"type": "integer"},
                            "received_on": {"type": "string", "format": "date"},
                            "sent_on": {"type": "string", "format": "date", "nullable": True},
                            "channel": {"type": "string"},
                            "in_time": {"type": "boolean"},
                            "deadline": {"type": "string", "format": "date"},
                            "status": {"type": "string"},
                        },
                    },
                ),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/decisions/{decision_id}/pdf": {
        "get": {
            "summary": "The issued letter, for staff of that municipality; the read is logged",
            "parameters": [DECISION_ID],
            "responses": {
                "200": {"description": "The PDF", "content": {"application/pdf": {}}},
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
            },
        }
    },
    "/api/v1/cases/{case_id}/follow-ups": {
        "post": {
            "summary": "Plan a step toward a permanent home (caseworker); the client's SMS reminder is queued (R8)",
            "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["kind", "due_at"],
                    "properties": {
                        "kind": {"type": "string", "enum": [kind.value for kind in FollowUpKind]},
                        "due_at": {
                            "type": "string",
                            "format": "date-time",
                            "description": "later than now, within a year; without an offset it is Oslo time",
                        },
                        "place": {"type": "string", "maxLength": 120, "description": "for staff, never in the SMS"},
                        "note": {"type": "string", "description": "for staff, never in the SMS"},
                        "remind_client": {
                            "type": "boolean",
                            "description": "an SMS the day before, if the client gets SMS and it can go in time",
                        },
                    },
                }
            ),
            "responses": {
                "201": json_response("The planned step", FOLLOW_UP),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    **{
        f"/api/v1/follow-ups/{{follow_up_id}}/{status}": {
            "post": {
                "summary": summary,
                "parameters": [{"name": "follow_up_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": json_request(
                    {"type": "object", "properties": {"outcome": {"type": "string"}}}, required=False
                ),
                "responses": {
                    "200": json_response("The step", FOLLOW_UP),
                    "400": BAD_JSON,
                    "401": UNAUTHORIZED,
                    "404": NOT_FOUND,
                    "422": INVALID,
                },
            }
        }
        for status, summary in (
            ("done", "The step happened; `outcome` says what came of it"),
            ("missed", "The client did not come (only once its time has come)"),
            ("cancelled", "The step will not happen; a reminder not yet sent is cancelled"),
        )
    },
    "/api/v1/cases/{case_id}/guarantees": {
        "post": {
            "summary": "Issue a deposit guarantee for the case's new lease, with the landlord's document (R19-R23)",
            "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": json_request(
                {"type": "object", "required": [*LEASE_REQUIRED, "months"], "properties": GUARANTEE_INPUT_PROPERTIES}
            ),
            "responses": {
                "201": json_response("The guarantee", GUARANTEE),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/guarantees/{guarantee_id}": {
        "get": {
            "summary": "A guarantee and its claims, for staff of that municipality; the read is logged",
            "parameters": [GUARANTEE_ID],
            "responses": {"200": json_response("The guarantee", GUARANTEE), "401": UNAUTHORIZED, "404": NOT_FOUND},
        }
    },
    "/api/v1/guarantees/{guarantee_id}/document": {
        "get": {
            "summary": "The guarantee document as issued; the read is logged",
            "parameters": [GUARANTEE_ID],
            "responses": {
                "200": {"description": "The PDF", "content": {"application/pdf": {}}},
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
            },
        }
    },
    "/api/v1/guarantees/{guarantee_id}/claims": {
        "post": {
            "summary": "Write down a landlord's claim as it came; nothing is paid yet",
            "parameters": [GUARANTEE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["received_on", "amount", "grounds"],
                    "properties": {
                        "received_on": {"type": "string", "format": "date"},
                        "amount": {"type": "integer", "minimum": 1},
                        "grounds": {"type": "string"},
                    },
                }
            ),
            "responses": {
                "201": json_response("The claim", CLAIM),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/guarantees/{guarantee_id}/end": {
        "post": {
            "summary": "End the guarantee before its time: the lease is over and the landlord claims nothing more",
            "parameters": [GUARANTEE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["ended_on", "ended_note"],
                    "properties": {"ended_on": {"type": "string", "format": "date"}, "ended_note": {"type": "string"}},
                }
            ),
            "responses": {
                "200": json_response("The guarantee", {"type": "object"}),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/guarantees/{guarantee_id}/repayments": {
        "post": {
            "summary": "The client paid back part of a payout made as a loan (R22); at most what they owe",
            "parameters": [GUARANTEE_ID],
            "requestBody": json_request(REPAYMENT_INPUT),
            "responses": {
                "201": json_response("The repayment", REPAYMENT),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/cases/{case_id}/deposits": {
        "post": {
            "summary": "Register a cash deposit NAV pays into a deposit account in the tenant's name (R19)",
            "parameters": [CASE_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": [*LEASE_REQUIRED, "amount", "account_number", "bank", "account_in_tenant_name"],
                    "properties": DEPOSIT_INPUT_PROPERTIES,
                }
            ),
            "responses": {
                "201": json_response("The deposit", DEPOSIT),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/deposits/{deposit_id}": {
        "get": {
            "summary": "A cash deposit, for staff of that municipality; the read is logged",
            "parameters": [DEPOSIT_ID],
            "responses": {"200": json_response("The deposit", DEPOSIT), "401": UNAUTHORIZED, "404": NOT_FOUND},
        }
    },
    "/api/v1/deposits/{deposit_id}/release": {
        "post": {
            "summary": "The lease is over and the account paid out; under a loan, what came back to NAV",
            "parameters": [DEPOSIT_ID],
            "requestBody": json_request(
                {
                    "type": "object",
                    "required": ["released_on", "released_note"],
                    "properties": {
                        "released_on": {"type": "string", "format": "date"},
                        "returned": {"type": "integer", "minimum": 0, "description": "0 for a grant"},
                        "released_note": {"type": "string"},
                    },
                }
            ),
            "responses": {
                "200": json_response("The deposit", DEPOSIT),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    "/api/v1/deposits/{deposit_id}/repayments": {
        "post": {
            "summary": "The client paid back part of a deposit paid as a loan (R22); at most what they owe",
            "parameters": [DEPOSIT_ID],
            "requestBody": json_request(REPAYMENT_INPUT),
            "responses": {
                "201": json_response("The repayment", REPAYMENT),
                "400": BAD_JSON,
                "401": UNAUTHORIZED,
                "404": NOT_FOUND,
                "422": INVALID,
            },
        }
    },
    **{
        f"/api/v1/guarantee-claims/{{claim_id}}/{action}": {
            "post": {
                "summary": summary,
                "parameters": [{"name": "claim_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": json_request({"type": "object", "properties": properties}),
                "responses": {
                    "200": json_response("The claim", CLAIM),
                    "400": BAD_JSON,
                    "401": UNAUTHORIZED,
                    "404": NOT_FOUND,
                    "422": INVALID,
                },
            }
        }
        for action, summary, properties in (
            (
                "notice",
                "The tenant was told of the claim: when, and what they objected to (R20)",
                {"notified_on": {"type": "string", "format": "date"}, "objections": {"type": "string"}},
            ),
            (
                "pay",
                "Pay the landlord: only after the notice, at most the claim and what is left",
                {"amount": {"type": "integer", "minimum": 1}},
            ),
            (
                "refuse",
                "Refuse the claim, saying why; a dispute goes to Husleietvistutvalget (R21)",
                {"refusal": {"type": "string"}},
            ),
        )
    },
    "/api/v1/statistics/kostra": {
        "get": {
            "summary": "The year's KOSTRA figures on temporary housing, counts only (supervisor, admin; R30)",
            "parameters": [
                {
                    "name": "year",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer"},
                    "description": "from the municipality's first application to this year (default this year)",
                }
            ],
            "responses": {
                "200": json_response(
                    "Each household counted once; a length of stay is its longest unbroken stay",
                    {
                        "type": "object",
                        "properties": {
                            "municipality": {"type": "string", "pattern": "^[0-9]{4}$"},
                            "year": {"type": "integer"},
                            "counted_through_night": {"type": "string", "format": "date"},
                            **{
                                name: {"type": "integer", "minimum": 0}
                                for name in (
                                    "households",
                                    "households_with_children",
                                    "households_with_children_over_three_months",
                                    "households_fourteen_days_or_less",
                                    "households_over_three_months",
                                    "night_shelter_households",
                                )
                            },
                            "share_with_children_over_three_months": {"type": "number", "nullable": True},
                            "share_fourteen_days_or_less": {"type": "number", "nullable": True},
                            "cases_by_reason": {"type": "object", "additionalProperties": {"type": "integer"}},
                            "check_outs_by_destination": {
                                "type": "object",
                                "additionalProperties": {"type": "integer"},
                            },
                        },
                    },
                ),
                "401": UNAUTHORIZED,
                "403": FORBIDDEN,
                "422": INVALID,
            },
        }
    },
    "/api/v1/me": {
        "get": {
            "summary": "The user behind the token",
            "responses": {
                "200": json_response(
                    "The user",
                    {
                        "type": "object",
                        "required": ["id", "email", "role", "municipality"],
                        "properties": {
                            "id": {"type": "integer"},
                            "email": {"type": "string"},
                            "name": {"type": "string"},
                            "role": {"type": "string", "enum": ["caseworker", "operator", "supervisor", "admin"]},
                            "municipality": {"type": "string", "pattern": "^[0-9]{4}$"},
                            "shelters": {"type": "array", "items": {"type": "integer"}},
                        },
                    },
                ),
                "401": UNAUTHORIZED,
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    """The whole document, as served at /api/v1/openapi.json."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "bolig",
            "version": "1.0.0",
            "description": "Temporary housing for NAV offices. Dates are ISO 8601; a night is the date it begins.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, **CASE_SCHEMAS},
        },
    }

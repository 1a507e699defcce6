"""The OpenAPI 3 document of the integration contract (v1), built from data kept per path."""

from __future__ import annotations

from typing import Any

from bolig.shelters.operations import CATEGORY_FLAGS

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


UNAUTHORIZED = error_response("No valid bearer token")
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
        "provider_type": {"type": "string", "enum": ["shelter", "hotel", "cabin", "other"]},
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
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {
                                "name": {"type": "string"},
                                "provider_type": {"type": "string", "enum": ["shelter", "hotel", "cabin", "other"]},
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
                    }
                },
            },
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
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["night"],
                            "properties": {"night": {"type": "string", "format": "date"}},
                            "additionalProperties": {"type": "integer", "minimum": 0},
                            "example": {"night": "2026-11-22", "bed": 4, "family_unit": 1},
                        }
                    }
                },
            },
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
            "schemas": {"Error": ERROR},
        },
    }

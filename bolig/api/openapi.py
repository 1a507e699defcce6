"""The OpenAPI 3 document of the integration contract (v1), built from data kept per path."""

from __future__ import annotations

from typing import Any

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

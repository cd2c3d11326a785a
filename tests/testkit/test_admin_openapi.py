"""The admin routes' error answers: documented in /openapi.json with Dixa's error body,
and answered as documented (401 for a missing, wrong or organisation's token; 404 for an
unknown organisation or sink; 400 for bad input), on both stores."""

from __future__ import annotations

from fixtures.testkit import Admin

# A valid body for each route that reads one (a 404 must not hide behind a 400).
BODIES = {
    ("post", "/_parley/orgs"): {"name": "Documented"},
    ("post", "/_parley/orgs/{orgId}/faults"): {"status": 429, "count": 1},
    ("post", "/_parley/orgs/{orgId}/clock/advance"): {"seconds": 1},
    ("post", "/_parley/sinks/{sinkId}/answers"): {"status": 500},
}
# A bad value for each query parameter that can be wrong.
BAD_QUERIES = {"pageKey": "not-a-key", "pageLimit": "0", "limit": "0"}
ERRORS = {
    ("post", "/_parley/orgs"): {"400", "401", "413"},
    ("get", "/_parley/orgs"): {"400", "401"},
    ("delete", "/_parley/orgs/{orgId}"): {"401", "404"},
    ("post", "/_parley/orgs/{orgId}/reset"): {"401", "404"},
    ("post", "/_parley/jobs/run"): {"401"},
    ("get", "/_parley/jobs"): {"400", "401"},
    ("get", "/_parley/orgs/{orgId}/requests"): {"400", "401", "404"},
    ("delete", "/_parley/orgs/{orgId}/requests"): {"401", "404"},
    ("post", "/_parley/orgs/{orgId}/faults"): {"400", "401", "404", "413"},
    ("get", "/_parley/orgs/{orgId}/faults"): {"401", "404"},
    ("delete", "/_parley/orgs/{orgId}/faults"): {"401", "404"},
    ("get", "/_parley/orgs/{orgId}/clock"): {"401", "404"},
    ("post", "/_parley/orgs/{orgId}/clock/advance"): {"400", "401", "404", "413"},
    ("delete", "/_parley/orgs/{orgId}/clock"): {"401", "404"},
    ("post", "/_parley/sinks"): {"401"},
    ("get", "/_parley/sinks/{sinkId}/received"): {"401", "404"},
    ("post", "/_parley/sinks/{sinkId}/answers"): {"400", "401", "404", "413"},
    ("delete", "/_parley/sinks/{sinkId}"): {"401", "404"},
    ("get", "/_parley/orgs/{orgId}/snapshot"): {"401", "404"},
    ("post", "/_parley/orgs/snapshot"): {"400", "401", "409", "413"},
}


def test_admin_routes_document_their_error_answers(admin: Admin) -> None:
    doc = admin.client.get("/openapi.json").json()
    ops = {
        (method, path): op
        for path, item in doc["paths"].items()
        if path.startswith("/_parley/")
        for method, op in item.items()
    }
    assert set(ops) == set(ERRORS)
    for key, op in ops.items():
        errors = {code for code in op["responses"] if code.startswith(("4", "5"))}
        assert errors == ERRORS[key], key
        for code in errors:
            content = op["responses"][code]["content"]["application/json"]
            assert content["schema"]["$ref"] == "#/components/schemas/ErrorBody", (key, code)
            assert op["responses"][code]["description"], (key, code)


def test_admin_routes_answer_the_errors_they_document(admin: Admin) -> None:
    org = admin.new_org("Errors")
    sink = admin.call("POST", "/sinks").json()["data"]
    for (method, path), errors in ERRORS.items():
        body = BODIES.get((method, path))
        unknown = path.replace("{orgId}", "no-such-org").replace("{sinkId}", "no-such-sink")
        tokens = ({}, {"Authorization": "Bearer wrong"}, {"Authorization": org["apiToken"]})
        for headers in tokens:
            r = admin.client.request(method, unknown, headers=headers, json=body)
            assert r.status_code == 401 and set(r.json()) == {"message"}, (path, headers)
        if "404" in errors:
            r = admin.call(method, unknown.removeprefix("/_parley"), json=body)
            assert r.status_code == 404 and set(r.json()) == {"message"}, (path, r.text)
        known = path.replace("{orgId}", org["id"]).replace("{sinkId}", sink["id"])
        known = known.removeprefix("/_parley")
        if "413" in errors:
            limit = admin.client.app.state.settings.max_body_bytes
            r = admin.call(method, known, content=b" " * (limit + 1))
            assert r.status_code == 413 and set(r.json()) == {"message"}, (path, r.text)
        if path == "/_parley/orgs/snapshot":
            r = admin.call(method, known, content=b"not a snapshot")
            assert r.status_code == 400 and set(r.json()) == {"message"}, (path, r.text)
        elif "400" in errors and body is not None:
            r = admin.call(method, known, content=b"{not json")
            assert r.status_code == 400 and set(r.json()) == {"message"}, (path, r.text)
        elif "400" in errors:
            params = {
                p["name"]: BAD_QUERIES[p["name"]]
                for p in admin.client.get("/openapi.json").json()["paths"][path][method][
                    "parameters"
                ]
                if p["name"] in BAD_QUERIES
            }
            assert params, path
            r = admin.call(method, known, params=params)
            assert r.status_code == 400 and set(r.json()) == {"message"}, (path, params, r.text)

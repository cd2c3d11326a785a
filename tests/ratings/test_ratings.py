from __future__ import annotations

import json
import time
import uuid
from typing import Any

from fixtures.builders import create_end_user, email_conversation, outbound
from fixtures.harness import Api, Harness
from fixtures.ratings import csat, offer_rating, submit_rating
from fixtures.reads import activities, events, updated_at

BAD_CID = "Invalid value for: path parameter conversationId"
NOT_FOUND = "An entity in this request could not be found"


def test_offer_submit_and_list(api: Api, harness: Harness) -> None:
    user = create_end_user(api, "Customer")
    cid = email_conversation(api, requesterId=user)
    agent = api.org.admin_user_id
    time.sleep(0.005)
    t0 = time.time_ns() // 1_000_000
    r = offer_rating(
        api,
        cid,
        {
            "userId": user,
            "agentId": agent,
            "ratingType": "Csat",
            "offeredAt": "2024-03-11T16:39:30Z",
        },
    )
    assert r.status_code == 201, r.text
    offer = r.json()["data"]
    assert offer == {
        "id": offer["id"],
        "userId": user,
        "agentId": agent,
        "ratingType": "Csat",
        "offeredAt": "2024-03-11T16:39:30.000Z",
    }
    listed = api.get(f"/v1/conversations/{cid}/ratings").json()["data"]
    assert listed == [
        {
            "id": offer["id"],
            "ratingType": "Csat",
            "conversationChannel": "Email",
            "userId": user,
            "ratingStatus": "Offered",
            "timestamps": {"offeredAt": "2024-03-11T16:39:30.000Z"},
            "agentId": agent,
        }
    ]
    offered = activities(harness, api, cid, "ConversationRatingOffered")
    # ActivityLogUser objects, as the published clients and tap-dixa's schema expect
    [attributes] = [json.loads(a[1]) for a in offered]
    assert attributes["agent"]["id"] == agent and attributes["user"]["id"] == user
    assert attributes["user"]["name"] == "Customer" and "@" in attributes["user"]["email"]
    assert "@" in attributes["agent"]["email"]
    assert events(harness, api, cid, "CONVERSATION_RATING_OFFERED") == 1

    r = submit_rating(
        api,
        cid,
        offer["id"],
        csat(user, 4, comment="Super good!", submittedAt="2024-03-11T16:40:00Z[GMT]"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["data"] == {
        "ratingId": offer["id"],
        "userId": user,
        "ratingResult": {"_type": "Csat", "value": 4},
        "submittedAt": "2024-03-11T16:40:00.000Z",
        "comment": "Super good!",
    }
    rated = api.get(f"/v1/conversations/{cid}/ratings").json()["data"]
    assert rated[0]["ratingStatus"] == "Rated" and rated[0]["ratingScore"] == 4
    assert rated[0]["ratingComment"] == "Super good!"
    assert rated[0]["timestamps"] == {
        "offeredAt": "2024-03-11T16:39:30.000Z",
        "submittedAt": "2024-03-11T16:40:00.000Z",
    }
    assert api.get(f"/v1/conversations/{cid}/rating").json()["data"] == rated
    acts = activities(harness, api, cid, "ConversationRated")
    [attributes] = [json.loads(a[1]) for a in acts]
    assert attributes["agent"]["id"] == agent and "@" in attributes["agent"]["email"]
    assert (attributes["score"], attributes["message"]) == (4, "Super good!")
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    typed = {"_type": "ConversationRatedAttribute", **attributes}
    assert next(e for e in log if e["_type"] == "ConversationRated")["attributes"] == typed
    assert acts[0][0] == user
    assert events(harness, api, cid, "CONVERSATION_RATED") == 1
    upd, last = updated_at(harness, api, cid)
    assert upd >= t0 and last is not None and last >= t0

    r = submit_rating(api, cid, offer["id"], csat(user, 5))
    assert r.status_code == 409, r.text
    assert r.json()["message"] == "Rating has already been submitted"
    assert api.get(f"/v1/conversations/{cid}/ratings").json()["data"] == rated
    assert len(activities(harness, api, cid, "ConversationRated")) == 1


def test_agent_defaults_to_the_assigned_agent(api: Api) -> None:
    user = create_end_user(api)
    agent = api.org.admin_user_id
    outgoing = email_conversation(api, outbound(agent), requesterId=user)
    r = offer_rating(api, outgoing, {"userId": user, "ratingType": "ThumbsUpOrDown"})
    assert r.status_code == 201, r.text
    assert r.json()["data"]["agentId"] == agent
    incoming = email_conversation(api, requesterId=user)  # queued, not assigned
    r = offer_rating(api, incoming, {"userId": user, "ratingType": "Csat"})
    assert r.status_code == 201 and "agentId" not in r.json()["data"]
    # no agent: the entry names only the user; a result without comment has no message
    r = submit_rating(api, incoming, r.json()["data"]["id"], csat(user, 2))
    assert r.status_code == 201, r.text
    log = api.get(f"/v1/conversations/{incoming}/activitylog").json()["data"]
    offered = next(e for e in log if e["_type"] == "ConversationRatingOffered")
    assert set(offered["attributes"]) == {"_type", "user"}
    assert offered["attributes"]["user"]["id"] == user
    rated = next(e for e in log if e["_type"] == "ConversationRated")
    assert rated["attributes"] == {"_type": "ConversationRatedAttribute", "score": 2}
    listed = api.get(f"/v1/conversations/{incoming}/ratings").json()["data"]
    assert "agentId" not in listed[0] and listed[0]["ratingScore"] == 2


def test_thumbs_up_or_down(api: Api) -> None:
    user = create_end_user(api)
    cid = email_conversation(api, requesterId=user)
    rating = offer_rating(api, cid, {"userId": user, "ratingType": "ThumbsUpOrDown"}).json()["data"]
    thumbs = {"userId": user, "ratingResult": {"_type": "ThumbsUpOrDown", "value": 2}}
    r = submit_rating(api, cid, rating["id"], thumbs)
    assert (r.status_code, r.json()["message"]) == (
        400,
        "A ThumbsUpOrDown rating must be 0 (down) or 1 (up)",
    )
    thumbs["ratingResult"] = {"_type": "ThumbsUpOrDown", "value": 0}
    r = submit_rating(api, cid, rating["id"], thumbs)
    assert r.status_code == 201, r.text
    listed = api.get(f"/v1/conversations/{cid}/ratings").json()["data"]
    assert listed[0]["ratingScore"] == 0 and listed[0]["ratingStatus"] == "Rated"


def test_nps(api: Api) -> None:
    """Dixa's third rating type: a net promoter score from 0 to 10."""
    user = create_end_user(api, "Customer")
    cid = email_conversation(api, requesterId=user)
    r = offer_rating(api, cid, {"userId": user, "ratingType": "Nps"})
    assert r.status_code == 201, r.text
    rating = r.json()["data"]
    assert rating["ratingType"] == "Nps"
    for wrong, message in (
        ({"_type": "Nps", "value": 11}, "An Nps rating must be between 0 and 10"),
        ({"_type": "Csat", "value": 3}, "The rating result type does not match the rating offer"),
    ):
        r = submit_rating(api, cid, rating["id"], {"userId": user, "ratingResult": wrong})
        assert (r.status_code, r.json()["message"]) == (400, message)
    nps = {"userId": user, "ratingResult": {"_type": "Nps", "value": 0}, "comment": "meh"}
    r = submit_rating(api, cid, rating["id"], nps)
    assert r.status_code == 201, r.text
    assert r.json()["data"]["ratingResult"] == {"_type": "Nps", "value": 0}
    [listed] = api.get(f"/v1/conversations/{cid}/ratings").json()["data"]
    assert (listed["ratingType"], listed["ratingScore"]) == ("Nps", 0)
    assert (listed["ratingStatus"], listed["ratingComment"]) == ("Rated", "meh")


def test_offer_errors(api: Api, harness: Harness) -> None:
    user = create_end_user(api)
    cid = email_conversation(api, requesterId=user)
    for bad_user in (str(uuid.uuid4()), "nope"):
        r = offer_rating(api, cid, {"userId": bad_user, "ratingType": "Csat"})
        assert (r.status_code, r.json()["message"]) == (400, "User not found")
    for bad_agent in (user, str(uuid.uuid4()), "nope"):
        r = offer_rating(api, cid, {"userId": user, "agentId": bad_agent, "ratingType": "Csat"})
        assert (r.status_code, r.json()["message"]) == (400, "Agent was not found")
    r = offer_rating(api, cid, {"userId": user, "ratingType": "Csat", "offeredAt": "soon"})
    assert (r.status_code, r.json()["message"]) == (400, "Invalid date format")
    for body in ({"userId": user, "ratingType": "Ces"}, {"ratingType": "Csat"}, {"userId": user}):
        r = offer_rating(api, cid, body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert api.get(f"/v1/conversations/{cid}/ratings").json()["data"] == []
    assert activities(harness, api, cid, "ConversationRatingOffered") == []


def test_submit_errors(api: Api, harness: Harness) -> None:
    user = create_end_user(api)
    cid = email_conversation(api, requesterId=user)
    rating = offer_rating(api, cid, {"userId": user, "ratingType": "Csat"}).json()["data"]
    rid = rating["id"]
    cases: list[tuple[dict[str, Any], str]] = [
        (csat(create_end_user(api), 3), "The user is not the user the rating was offered to"),
        (
            {"userId": user, "ratingResult": {"_type": "ThumbsUpOrDown", "value": 1}},
            "The rating result type does not match the rating offer",
        ),
        (csat(user, 0), "A Csat rating must be between 1 and 5"),
        (csat(user, 6), "A Csat rating must be between 1 and 5"),
        (csat(user, 3, submittedAt="later"), "Invalid date format"),
    ]
    for body, message in cases:
        r = submit_rating(api, cid, rid, body)
        assert (r.status_code, r.json()["message"]) == (400, message), body
    for body in (
        {"userId": user},
        {"userId": user, "ratingResult": {"_type": "Stars"}},
        {"ratingResult": {"_type": "Csat", "value": 3}},
    ):
        r = submit_rating(api, cid, rid, body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = submit_rating(api, cid, "not-a-uuid", csat(user, 3))
    assert (r.status_code, r.json()["message"]) == (
        400,
        "Invalid value for: path parameter ratingId",
    )
    r = submit_rating(api, cid, str(uuid.uuid4()), csat(user, 3))
    assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)
    other_cid = email_conversation(api, requesterId=user)  # the rating belongs to cid
    assert submit_rating(api, other_cid, rid, csat(user, 3)).status_code == 404
    assert api.get(f"/v1/conversations/{cid}/ratings").json()["data"][0]["ratingStatus"] == (
        "Offered"
    )
    assert activities(harness, api, cid, "ConversationRated") == []
    assert submit_rating(api, cid, rid, csat(user, 3)).status_code == 201


def test_bad_and_unknown_conversation(api: Api) -> None:
    user = create_end_user(api)
    rid = str(uuid.uuid4())
    for bad in ("abc", "0", "12x"):
        for r in (
            offer_rating(api, bad, {"userId": user, "ratingType": "Csat"}),
            submit_rating(api, bad, rid, csat(user, 3)),
            api.get(f"/v1/conversations/{bad}/ratings"),
            api.get(f"/v1/conversations/{bad}/rating"),
        ):
            assert (r.status_code, r.json()["message"]) == (400, BAD_CID)
    for r in (
        offer_rating(api, 987654321, {"userId": user, "ratingType": "Csat"}),
        submit_rating(api, 987654321, rid, csat(user, 3)),
        api.get("/v1/conversations/987654321/ratings"),
        api.get("/v1/conversations/987654321/rating"),
    ):
        assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)


def test_other_org_is_isolated(api: Api, other_api: Api, harness: Harness) -> None:
    user = create_end_user(api)
    cid = email_conversation(api, requesterId=user)
    rid = offer_rating(api, cid, {"userId": user, "ratingType": "Csat"}).json()["data"]["id"]
    assert offer_rating(other_api, cid, {"userId": user, "ratingType": "Csat"}).status_code == 404
    assert submit_rating(other_api, cid, rid, csat(user, 3)).status_code == 404
    assert other_api.get(f"/v1/conversations/{cid}/ratings").status_code == 404
    assert other_api.get(f"/v1/conversations/{cid}/rating").status_code == 404
    other_cid = email_conversation(other_api)
    assert submit_rating(other_api, other_cid, rid, csat(user, 3)).status_code == 404
    r = offer_rating(other_api, other_cid, {"userId": user, "ratingType": "Csat"})
    assert (r.status_code, r.json()["message"]) == (400, "User not found")
    r = offer_rating(
        other_api,
        other_cid,
        {
            "userId": other_api.org.admin_user_id,
            "agentId": api.org.admin_user_id,
            "ratingType": "Csat",
        },
    )
    assert (r.status_code, r.json()["message"]) == (400, "Agent was not found")
    listed = api.get(f"/v1/conversations/{cid}/ratings").json()["data"]
    assert [(x["id"], x["ratingStatus"]) for x in listed] == [(rid, "Offered")]
    assert other_api.get(f"/v1/conversations/{other_cid}/ratings").json()["data"] == []

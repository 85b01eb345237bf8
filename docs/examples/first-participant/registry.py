#!/usr/bin/env python3
"""A minimal hromada registry for polihon, in Python with the standard library only.

It is the skeleton of docs/en/first-participant.md: the test driver polihon calls (contracts.md §5), acts sent to
ДМС through Трембіта with X-Road headers (§1, §6), verification requests from ДМС answered through Трембіта (§2),
and the registry's own exchange journal (XCH-03). It keeps everything in memory and is not a production design:
one lock, no persistence, no retries.

Environment (polihon.sut.yaml sets them):
  PORT                     where to listen (127.0.0.1)
  XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE, XROAD_SUBSYSTEM
                           the registry's own subsystem on Трембіта = the profile's `identity` (X-Road-Client)
  OFFICER_RNOKPP           the officer on whose behalf it calls (X-Road-UserId = "UA" + РНОКПП); in a real
                           registry this is the officer logged in to it
  REGISTRY_EDRPOU, REGISTRY_KATOTTG, REGISTRY_NAME
                           the registration body named in every act
"""
import hashlib
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

ENV = os.environ
CLIENT = "/".join(ENV.get(k, d) for k, d in [
    ("XROAD_INSTANCE", "SEVDEIR-TEST"), ("XROAD_MEMBER_CLASS", "GOV"),
    ("XROAD_MEMBER_CODE", "04054866"), ("XROAD_SUBSYSTEM", "RTG_prod")])
USER_ID = "UA" + ENV.get("OFFICER_RNOKPP", "3109402560")
# ДМС's subsystem and services on Трембіта (contracts.md §6)
DMS = "SEVDEIR-TEST/GOV/37508470/DMS_prod"
ACTS = "/r1/" + DMS + "/ResidenceRegistrationActs_v1"
BODY = {
    "edrpou": ENV.get("XROAD_MEMBER_CODE", ENV.get("REGISTRY_EDRPOU", "04054866")),
    "katottg": ENV.get("REGISTRY_KATOTTG", "UA80000000000093317"),
    "name": ENV.get("REGISTRY_NAME", "Орган реєстрації громади (приклад polihon)"),
}

KYIV = ZoneInfo("Europe/Kyiv")
lock = threading.Lock()
state = {}


def reset(simulators=None, clock=None):
    """Forget everything; remember where Трембіта (our security server) and the clock are."""
    with lock:
        state.clear()
        state.update(trembita=(simulators or {}).get("trembita"), clock=clock,
                     actions={}, residents=[], journal=[], seq=0)


reset()


def now_iso():
    """'Now' is the simulators' clock, never our own: scenario days pass in milliseconds (contracts.md §3)."""
    if state["clock"]:
        with urllib.request.urlopen(state["clock"], timeout=5) as r:
            return json.load(r)["now"]
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def journal(message_id, direction, service, raw):
    """XCH-03: one entry per message, with the SHA-256 of the exact bytes sent or received."""
    entry = {"messageId": message_id, "direction": direction, "counterpart": "dms", "service": service,
             "time": now_iso(), "sha256": hashlib.sha256(raw).hexdigest()}
    with lock:
        state["journal"].append(entry)


def xroad(method, path, body=None, journal_as=None):
    """One call through our security server, with X-Road-Client, a fresh X-Road-Id, and the officer.
    `journal_as` = (messageId, service): the message is journalled before it leaves, so the journal is never late."""
    raw = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    if journal_as:
        journal(journal_as[0], "out", journal_as[1], raw or b"")
    req = urllib.request.Request(state["trembita"] + path, data=raw, method=method, headers={
        "content-type": "application/json; charset=utf-8",
        "x-road-client": CLIENT, "x-road-id": str(uuid.uuid4()), "x-road-userid": USER_ID})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def perform(action):
    """POST /driver/actions: build the act, send it to ДМС the same day (DMS-02), keep its status (DMS-04)."""
    with lock:
        state["seq"] += 1
        ref = "A%d" % state["seq"]
        act_id = "PY-%s-%06d" % (uuid.uuid4().hex[:6], state["seq"])
    act = {"actId": act_id, "kind": action["kind"], "performedAt": now_iso(),
           "registrationBody": BODY, "person": action["person"]}
    if "address" in action:
        act["address"] = action["address"]
    if "cancels" in action:
        act["cancelsActId"] = state["actions"][action["cancels"]]["actId"]
    if "firstEntry" in action:
        act["firstEntry"] = action["firstEntry"]
    status, answer = xroad("POST", ACTS, act, journal_as=(act_id, "dms.act.submit"))
    view = {"ref": ref, "kind": act["kind"], "actId": act_id, "status": "rejected", "performedAt": act["performedAt"]}
    if status in (200, 201, 202):
        view["dmsActId"] = answer.get("dmsActId")
        view["status"] = "complete" if answer.get("confirmation") else "sent"
        if answer.get("confirmation"):
            view["confirmation"] = answer["confirmation"]
    with lock:
        state["actions"][ref] = view
        if view["status"] != "rejected":
            hold(act)
    return ref


def same_person(a, b):
    return any(a.get(k) and a.get(k) == b.get(k) for k in ("rnokpp", "unzr"))


def hold(act):
    """What an act ДМС took changes in the register: only current registrations are held and answered (contracts §2).
    (Undoing a cancelled removal is left out of this skeleton.)"""
    kind, person = act["kind"], act["person"]
    if kind in ("declaration", "registration"):
        state["residents"].append({"person": person, "act": act})
    elif kind == "removal":
        state["residents"] = [r for r in state["residents"] if not (
            same_person(r["person"], person) and act.get("address", r["act"]["address"]) == r["act"]["address"])]
    else:  # a cancellation: the act it cancels no longer stands
        state["residents"] = [r for r in state["residents"] if r["act"]["actId"] != act["cancelsActId"]]


def kyiv_date(iso):
    instant = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return instant.astimezone(KYIV).date()


def status(ref):
    """GET /driver/actions/{ref}: a sent act becomes complete only when ДМС's confirmation is held (DMS-04); with
    none by the end of its day it is reported as confirmation-missing, never as done."""
    view = state["actions"].get(ref)
    if view and view["status"] in ("sent", "confirmation-missing"):
        code, answer = xroad("GET", ACTS + "/" + quote(view["actId"], safe=""), journal_as=(view["actId"], "dms.act.status"))
        if code == 200 and answer.get("confirmation"):
            view.update(status="complete", confirmation=answer["confirmation"])
        elif kyiv_date(now_iso()) > kyiv_date(view["performedAt"]):
            view["status"] = "confirmation-missing"
    return view


def request_problem(request):
    """What is wrong with a verification request from ДМС, or None: an id, a person named by a 10-digit РНОКПП
    or an УНЗР, and where to answer."""
    person = request.get("person") if isinstance(request, dict) else None
    if not isinstance(request, dict) or not isinstance(request.get("requestId"), str):
        return "requestId: required"
    if not isinstance(person, dict):
        return "person: required"
    if "rnokpp" in person and not re.fullmatch(r"\d{10}", str(person["rnokpp"])):
        return "person.rnokpp: 10 digits"
    if not person.get("rnokpp") and not person.get("unzr"):
        return "person: rnokpp or unzr required"
    if not isinstance(request.get("replyTo"), str):
        return "replyTo: required"
    return None


def answer_verification(request):
    """DMS-07: answer at replyTo — through Трембіта, since replyTo is an r1 address — well within 3 working days."""
    time.sleep(0.05)  # after our 202 has gone out
    with lock:
        held = [r for r in state["residents"] if same_person(r["person"], request["person"])]
    answer = {"requestId": request["requestId"], "answeredAt": now_iso(), "found": bool(held),
              "registrations": [{"actId": r["act"]["actId"], "kind": r["act"]["kind"],
                                 "performedAt": r["act"]["performedAt"], "address": r["act"]["address"]}
                                for r in held if "address" in r["act"]]}
    xroad("POST", urlsplit(request["replyTo"]).path, answer, journal_as=(request["requestId"], "dms.verification.answer"))


class Handler(BaseHTTPRequestHandler):
    def send(self, code, body=None):
        raw = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        if body is not None:
            self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)
        self.wfile.flush()

    def read(self):
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        return raw, (json.loads(raw) if raw.strip() else {})

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/driver/health":
            return self.send(200, {"ok": True})
        if path == "/driver/journal":
            return self.send(200, {"entries": state["journal"]})
        if path.startswith("/driver/actions/"):
            view = status(path[len("/driver/actions/"):])
            return self.send(200, view) if view else self.send(404, {"code": "unknown-action"})
        self.send(404, {"code": "not-found"})

    def do_POST(self):
        try:
            raw, body = self.read()
        except ValueError:
            return self.send(400, {"code": "invalid-body", "detail": "the body is not JSON"})
        try:
            self.route(urlsplit(self.path).path, raw, body)
        except (KeyError, TypeError, AttributeError) as e:
            # a skeleton's validation: name what was missing instead of dropping the connection
            self.send(422, {"code": "invalid-fields", "detail": "missing or wrong field: %s" % e})

    def route(self, path, raw, body):
        if path == "/driver/reset":
            reset(body.get("simulators"), body.get("clock"))
            return self.send(204)
        if path == "/driver/residents":
            with lock:
                state["residents"].append({"person": body["person"], "act": {
                    "actId": "RESIDENT", "kind": "registration", "performedAt": body.get("since"),
                    "address": body["address"]}})
            return self.send(201, {"ok": True})
        if path == "/driver/actions":
            return self.send(202, {"ref": perform(body)})
        if path == "/hromada/v1/verification-requests":
            journal(body.get("requestId"), "in", "dms.verification.request", raw)
            problem = request_problem(body)
            if problem:  # a malformed request is refused with a 4xx, never taken in (contracts.md §2, DMS-07)
                return self.send(422, {"code": "invalid-request", "detail": problem})
            self.send(202, {"requestId": body.get("requestId"), "status": "accepted"})
            threading.Thread(target=answer_verification, args=(body,), daemon=True).start()
            return
        self.send(404, {"code": "not-found"})

    def log_message(self, *args):
        pass  # quiet: polihon shows the last lines of our output only when we fail to start


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(ENV.get("PORT", "7331"))), Handler).serve_forever()

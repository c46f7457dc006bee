"""Drives a running Loket through its Open311 GeoReport v2 endpoint with two client
libraries written by others, and checks what comes back.

    LOKET_URL=http://127.0.0.1:18083 LOKET_API_KEY=loket_... python client.py

- georeport (PyPI, Python 3) lists the services and reads requests, in JSON and in XML;
- three (PyPI, Code for America) posts a request and reads it back. It was written for
  Python 2; the one Python 2 name on its JSON path, itertools.ifilter, is supplied below.

Prints one line per check and closes with "open311-client: N passed, N failed".
"""

import itertools
import os
import sys
import traceback

itertools.ifilter = filter  # three 0.8.0 imports it; Python 3's filter is the same thing.

import three  # noqa: E402
from georeport import GeoReport  # noqa: E402

BASE = os.environ["LOKET_URL"].rstrip("/") + "/open311/v2"
KEY = os.environ["LOKET_API_KEY"]

results = []


def check(name):
    def run(test):
        try:
            test()
        except Exception:  # a failed check is reported, and the others still run
            results.append((name, False))
            print(f"FAIL {name}")
            traceback.print_exc()
        else:
            results.append((name, True))
            print(f"ok   {name}")
        return test

    return run


def as_list(value):
    """xmltodict gives a dict for one element and a list for several."""
    return value if isinstance(value, list) else [value]


state = {}


@check("georeport lists the services (JSON)")
def services_json():
    services = GeoReport(BASE).get_service_list()
    codes = {s["service_code"]: s for s in services}
    light = codes["straatverlichting"]
    assert light["service_name"] == "Straatverlichting", light
    assert light["group"] == "Openbare werken", light
    assert light["metadata"] is False and light["type"] == "realtime", light
    state["codes"] = sorted(codes)


@check("georeport lists the same services (XML)")
def services_xml():
    services = as_list(GeoReport(BASE, output_format="xml").get_service_list())
    assert sorted(s["service_code"] for s in services) == state["codes"]
    light = next(s for s in services if s["service_code"] == "straatverlichting")
    assert light["metadata"] == "false", light


@check("georeport reads a service definition")
def definition():
    assert GeoReport(BASE).get_service_definition("groen")["service_code"] == "groen"


@check("three posts a request with the API key")
def post():
    client = three.Three(BASE, api_key=KEY)
    answer = client.post(
        "straatverlichting",
        address="Grote Markt 57, 2500 Lier",
        lat="51.1312",
        long="4.5701",
        name="Jan Peeters",
        email="jan.peeters@example.org",
        phone="+32 470 12 34 56",
        description="De lamp voor nummer 57 brandt niet <meer> & knippert.",
    )
    assert client.post_response.status_code == 200, client.post_response.text
    created = answer[0]
    assert created["service_request_id"].startswith("M-"), created
    assert created["service_notice"], created
    state["id"] = created["service_request_id"]


@check("three is refused without a valid key (403, the specification's errors)")
def refused():
    client = three.Three(BASE, api_key="loket_not-a-key")
    answer = client.post("groen", address="Lier", description="Een tak.")
    assert client.post_response.status_code == 403, client.post_response.text
    assert answer[0]["code"] == 403, answer


@check("three reads the request back")
def read_back():
    request = three.Three(BASE).request(state["id"])[0]
    assert request["service_request_id"] == state["id"], request
    assert request["service_code"] == "straatverlichting", request
    assert request["status"] == "open", request
    assert request["description"] == "De lamp voor nummer 57 brandt niet <meer> & knippert.", request
    assert request["address"] == "Grote Markt 57, 2500 Lier", request
    assert abs(request["lat"] - 51.1312) < 1e-9 and abs(request["long"] - 4.5701) < 1e-9, request
    assert request["agency_responsible"] == "Openbare werken", request
    assert request["expected_datetime"], request


@check("georeport finds it among the open requests (JSON), without personal data")
def search_json():
    found = GeoReport(BASE).get_service_requests(service_code="straatverlichting", status="open")
    ours = [r for r in found if r["service_request_id"] == state["id"]]
    assert len(ours) == 1, found
    text = repr(found)
    for private in ("jan.peeters@example.org", "Peeters", "470 12 34 56"):
        assert private not in text, private


@check("georeport reads it by id (XML), escaped text intact")
def search_xml():
    found = as_list(
        GeoReport(BASE, output_format="xml").get_service_requests(service_request_id=state["id"])
    )
    assert len(found) == 1, found
    request = found[0]
    assert request["service_request_id"] == state["id"], request
    assert request["description"] == "De lamp voor nummer 57 brandt niet <meer> & knippert.", request
    assert request["status"] == "open", request


passed = sum(1 for _, ok in results if ok)
failed = len(results) - passed
print(f"open311-client: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 and passed > 0 else 1)

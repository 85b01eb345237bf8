"""A real third-party SOAP client (python zeep) calling a service through polihon's Трембіта simulator.

Driven only by the WSDL the simulator serves: the operation, its parameters' element types and the X-Road header
elements (client, service, id, userId, issue, protocolVersion, with id:objectType) all come from that WSDL, and zeep
builds and parses every message itself. Run by test/zeep-client.test.ts with the interpreter of .polihon/venv, which
`node scripts/bootstrap.mjs --for-test` creates.

Usage: python client.py '<json>'   (or the JSON on stdin)

  {
    "wsdl": "http://127.0.0.1:PORT/wsdl?xRoadInstance=...&serviceCode=...&version=...",
    "endpoint": "http://127.0.0.1:PORT/",          # the consumer side; the WSDL's own address is a placeholder
    "proxy": "http://127.0.0.1:PORT",              # instead of endpoint: the security server as the HTTP proxy of
                                                   # every request, zeep posting to the WSDL's own soap:address
    "operation": "CheckPassportStatus",            # optional when the WSDL has one operation
    "params": {"PasNumber": "000123456"},
    "header": {
      "client": {"objectType": "SUBSYSTEM", "xRoadInstance": "...", "memberClass": "...", "memberCode": "...",
                 "subsystemCode": "..."},
      "service": {"objectType": "SERVICE", "xRoadInstance": "...", ..., "serviceCode": "...", "serviceVersion": "..."},
      "id": "...", "userId": "...", "issue": "...", "protocolVersion": "4.0"
    }
  }

Prints one JSON object on stdout and exits 0 when zeep got an answer or raised a SOAP Fault:
  {"zeep": "4.3.1", "operation", "answer": {...} | null, "header": {...} | null,
   "fault": {"code", "message", "actor", "faultDetail"} | null, "sent": "<envelope zeep sent>", "received": "..."}
Anything else (a bad argument, a URL off the loopback, zeep refusing the WSDL in strict mode) exits 1 or 2 with
{"error": "..."} on stdout and the traceback on stderr.
"""

import ipaddress
import json
import sys
import traceback
from urllib.parse import urlsplit

import zeep
from lxml import etree
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import HistoryPlugin
from zeep.transports import Transport

NS_XROAD = "http://x-road.eu/xsd/xroad.xsd"
NS_ID = "http://x-road.eu/xsd/identifiers"
HEADER_FIELDS = ("client", "service", "id", "userId", "issue", "protocolVersion")


class NotLoopback(Exception):
    pass


def require_loopback(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotLoopback(f"not an http(s) URL: {url}")
    host = parts.hostname
    if host != "localhost":
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise NotLoopback(f"not a loopback address: {url}")
        except ValueError:
            raise NotLoopback(f"not a loopback address: {url}") from None


class LoopbackTransport(Transport):
    """zeep's own HTTP transport, refusing anything but the loopback URLs it is given (no network otherwise).

    With a proxy (itself on the loopback) every request goes to it, whatever host its URL names: that is how a
    client uses a security server as its HTTP proxy, and the target URLs are then only request targets."""

    def __init__(self, proxy=None, **kwargs):
        super().__init__(**kwargs)
        self.session.trust_env = False  # no proxy from the environment, no .netrc
        self.proxy = proxy
        if proxy:
            self.session.proxies = {"http": proxy, "https": proxy}

    def check(self, url):
        if self.proxy:
            if urlsplit(url).scheme != "http":
                raise NotLoopback(f"only plain http goes through the proxy: {url}")
            return
        require_loopback(url)

    def load(self, url):
        self.check(url)
        return super().load(url)

    def get(self, address, params, headers):
        self.check(address)
        return super().get(address, params, headers)

    def post(self, address, message, headers):
        self.check(address)
        return super().post(address, message, headers)


def to_json(value):
    """zeep's answer objects as plain JSON values."""
    value = serialize_object(value, dict)
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, etree._Element):  # a header element the WSDL does not declare (requestHash), kept raw
        return {"tag": value.tag, "text": value.text, "attrib": dict(value.attrib)}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def envelope_text(entry):
    return etree.tostring(entry["envelope"], encoding="unicode") if entry else None


def main(argv):
    raw = argv[1] if len(argv) > 1 else sys.stdin.read()
    spec = json.loads(raw)
    wsdl_url, endpoint, proxy_url = spec["wsdl"], spec.get("endpoint"), spec.get("proxy")
    if (endpoint is None) == (proxy_url is None):
        raise ValueError("give either endpoint or proxy")
    require_loopback(proxy_url or endpoint)
    if endpoint:
        require_loopback(wsdl_url)

    history = HistoryPlugin()
    transport = LoopbackTransport(proxy=proxy_url, timeout=15, operation_timeout=15)
    client = Client(wsdl_url, settings=Settings(strict=True), transport=transport, plugins=[history])

    # the one service and port the WSDL describes, pointed at the consumer side (the WSDL's address is a placeholder)
    services = list(client.wsdl.services.values())
    if len(services) != 1 or len(services[0].ports) != 1:
        raise ValueError(f"expected one service with one port in the WSDL, got {[s.name for s in services]}")
    port = next(iter(services[0].ports.values()))
    binding = port.binding
    operations = list(binding._operations)
    operation = spec.get("operation") or (operations[0] if len(operations) == 1 else None)
    if operation not in operations:
        raise ValueError(f"operation {operation!r} is not in the WSDL (it has {operations})")
    # through a proxy nothing is overridden: zeep posts to the address the WSDL itself names
    proxy = client.create_service(binding.name, endpoint) if endpoint else client.service
    address = port.binding_options.get("address")

    # the X-Road header from the WSDL's own element and type definitions
    wanted = spec.get("header", {})
    client_type = client.get_type(f"{{{NS_ID}}}XRoadClientIdentifierType")
    service_type = client.get_type(f"{{{NS_ID}}}XRoadServiceIdentifierType")
    header = {}
    for field in HEADER_FIELDS:
        if field not in wanted:
            continue
        client.get_element(f"{{{NS_XROAD}}}{field}")  # the WSDL must declare it (LookupError otherwise)
        value = wanted[field]
        if field == "client":
            value = client_type(**value)
        elif field == "service":
            value = service_type(**value)
        header[field] = value
    # the input message's declared header parts, in the binding's order: zeep renders them from the dict
    declared = [name for name, _ in binding._operations[operation].input.header.type.elements]
    missing = [f for f in HEADER_FIELDS if f not in declared]
    if missing:
        raise ValueError(f"the WSDL's {operation} input does not declare the X-Road header parts {missing}")

    out = {"zeep": zeep.__version__, "operation": operation, "declaredHeader": declared, "address": address,
           "answer": None, "header": None, "fault": None}
    try:
        result = getattr(proxy, operation)(**spec.get("params", {}), _soapheaders=header)
        # an output with header parts: zeep answers {'body': ..., 'header': ...}
        body = result["body"] if "body" in result else result
        out["answer"] = to_json(body)
        out["header"] = to_json(result["header"]) if "header" in result else None
    except Fault as fault:
        detail = fault.detail
        fault_detail = detail.findtext("faultDetail") if detail is not None else None
        out["fault"] = {"code": fault.code, "message": fault.message, "actor": fault.actor, "faultDetail": fault_detail}
    out["sent"] = envelope_text(history.last_sent)
    out["received"] = envelope_text(history.last_received)
    return out


if __name__ == "__main__":
    try:
        print(json.dumps(main(sys.argv)))
    except NotLoopback as e:
        print(json.dumps({"error": str(e)}))
        sys.exit(2)
    except Exception as e:  # noqa: BLE001 - report whatever zeep raised, with its traceback
        traceback.print_exc()
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        sys.exit(1)

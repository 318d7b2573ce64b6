#!/usr/bin/env python3
"""Checks a MOSIP SBI 0.9.5 device service the way MOSIP's compliance toolkit does, with independent libraries.

Every answer is decorated as the toolkit's UI rebuilds it (shared/design/SBI.md section 11) and validated against
MOSIP's official JSON schemas (JSON Schema 2019-09, formats checked, with `jsonschema`); every JWS is verified with
`cryptography` against the certificate in its `x5c` header (RS256, at least 2048 bits, valid now); the hash chain is
recomputed across three captures; ISO records are checked against the rules MOSIP's validators apply
(SBI.md section 9). It drives a Registration service: a left slap with one finger excepted, both irises, a face,
then the refusals (bad transaction id, wrong env, purpose and specVersion, a count that does not fit, an unknown
device, malformed JSON, a bad discovery type).

usage: sbi-check.py --port PORT --schemas shared/sbi/schemas/0.9.5 [--env Developer] [--timeout-ms 10000]
Prints one JSON report; exit status 0 when every check passed, 1 otherwise, 2 when the service cannot be reached.
"""
import argparse
import base64
import datetime
import hashlib
import http.client
import json
import os
import re
import struct
import sys

import jsonschema
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

checks = []


def check(name, ok, detail=""):
    checks.append({"check": name, "ok": bool(ok), "detail": detail if not ok else ""})
    return ok


def request(port, verb, path, body, timeout=120):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    connection.request(verb, path, body=payload, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def atob(text):
    """The browser's decoder: standard alphabet only, padding optional."""
    if re.search(r"[^A-Za-z0-9+/=]", text):
        raise ValueError("not in the standard base64 alphabet (atob would fail)")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def java_url_decode(text):
    """Java's URL-safe decoder: URL alphabet only."""
    if re.search(r"[^A-Za-z0-9\-_=]", text):
        raise ValueError("not in the base64url alphabet (Java's URL decoder would fail)")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def both_decoders(text):
    first = atob(text)
    second = java_url_decode(text)
    if first != second:
        raise ValueError("the two decoders disagree")
    return first


def verify_jws(jws, label):
    """Verifies a compact RS256 JWS against its x5c certificate; returns the decoded payload (or None)."""
    try:
        parts = jws.split(".")
        if len(parts) != 3:
            raise ValueError("not three dot-separated parts")
        header = json.loads(both_decoders(parts[0]))
        payload = both_decoders(parts[1])
        signature = java_url_decode(parts[2])
        if header.get("alg") != "RS256":
            raise ValueError("alg is %r, not RS256" % header.get("alg"))
        certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
            raise ValueError("the x5c key is not RSA of at least 2048 bits")
        now = datetime.datetime.now(datetime.timezone.utc)
        if not (certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc):
            raise ValueError("the certificate is not valid now")
        key.verify(signature, (parts[0] + "." + parts[1]).encode(), padding.PKCS1v15(), hashes.SHA256())
        check("jws verifies: " + label, True)
        return json.loads(payload)
    except Exception as error:  # every failure is a finding, not a crash
        check("jws verifies: " + label, False, str(error))
        return None


class Schemas:
    def __init__(self, folder):
        self.folder = folder

    def validate(self, name, instance, label):
        with open(os.path.join(self.folder, name + ".json")) as handle:
            schema = json.load(handle)
        validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        return check("schema %s: %s" % (name, label), not errors,
                     "; ".join("%s at %s" % (e.message[:200], "/".join(map(str, e.path))) for e in errors[:5]))


TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def check_timestamp(text, label):
    ok = bool(TIMESTAMP.match(text or ""))
    if ok:
        stamp = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        ok = abs((datetime.datetime.now(datetime.timezone.utc) - stamp).total_seconds()) <= 180
    return check("timestamp yyyy-MM-ddTHH:mm:ssZ within 3 min: " + label, ok, repr(text))


def jp2_checks(image, width, height, label, grey=True):
    ok = image[:12] == bytes.fromhex("0000000C6A5020200D0A870A")
    check("JP2 signature box: " + label, ok, image[:12].hex())
    ihdr = image.find(b"ihdr")
    if ihdr > 0:
        h, w, components = struct.unpack(">IIH", image[ihdr + 4:ihdr + 14])
        check("JP2 size equals the record's: " + label, (w, h) == (width, height), "%dx%d vs %dx%d" % (w, h, width, height))
        check("JP2 components: " + label, components == (1 if grey else 3), str(components))
    colr = image.find(b"colr")
    if colr > 0:
        method, _, _, space = struct.unpack(">BBBI", image[colr + 4:colr + 11])
        check("JP2 colr enumerated grey/sRGB: " + label, method == 1 and space in (16, 17), "%d/%d" % (method, space))
    cod = image.find(b"\xff\x52")
    if cod > 0:
        transform = image[cod + 13]
        check("lossless (reversible 5/3) codestream: " + label, transform == 1, str(transform))


def check_finger_record(record, bio_sub_type, label):
    check("finger record header FIR 020: " + label, record[:8] == b"FIR\x00020\x00", record[:8])
    length = struct.unpack(">I", record[8:12])[0]
    check("finger record length = bytes: " + label, length == len(record), "%d vs %d" % (length, len(record)))
    check("one finger per record: " + label, struct.unpack(">H", record[12:14])[0] == 1)
    check("certification flag 0/1: " + label, record[14] in (0, 1))
    offset = 16
    rep_length = struct.unpack(">I", record[offset:offset + 4])[0]
    body = record[offset:offset + rep_length]
    cursor = 4 + 9  # representation length, capture date and time
    technology, vendor, device_type = body[cursor], struct.unpack(">H", body[cursor + 1:cursor + 3])[0], struct.unpack(">H", body[cursor + 3:cursor + 5])[0]
    check("capture device vendor 0 means type 0: " + label, vendor != 0 or device_type == 0, "%d/%d" % (vendor, device_type))
    cursor += 5
    quality_count = body[cursor]
    cursor += 1
    for _ in range(quality_count):
        score = body[cursor]
        check("quality 0-100 or 255: " + label, score <= 100 or score == 255, str(score))
        cursor += 5
    cert_count = body[cursor] if record[14] == 1 else 0
    if record[14] == 1:
        cursor += 1 + 3 * cert_count
    position, rep_number, scale = body[cursor], body[cursor + 1], body[cursor + 2]
    capture_h, capture_v, image_h, image_v = struct.unpack(">HHHH", body[cursor + 3:cursor + 11])
    depth, compression, impression = body[cursor + 11], body[cursor + 12], body[cursor + 13]
    width, height = struct.unpack(">HH", body[cursor + 14:cursor + 18])
    names = {2: "Right IndexFinger", 3: "Right MiddleFinger", 4: "Right RingFinger", 5: "Right LittleFinger", 7: "Left IndexFinger",
             8: "Left MiddleFinger", 9: "Left RingFinger", 10: "Left LittleFinger", 1: "Right Thumb", 6: "Left Thumb"}
    check("finger position matches bioSubType: " + label, names.get(position) == bio_sub_type, "%d vs %s" % (position, bio_sub_type))
    check("scale units 1/2: " + label, scale in (1, 2))
    check("sampling rates 490-1010, image <= capture: " + label,
          all(490 <= r <= 1010 for r in (capture_h, capture_v, image_h, image_v)) and image_h <= capture_h and image_v <= capture_v,
          str((capture_h, capture_v, image_h, image_v)))
    check("bit depth 8: " + label, depth == 8)
    check("compression 5 (JPEG 2000 lossless): " + label, compression == 5, str(compression))
    check("impression type allowed: " + label, impression in list(range(16)) + [24, 28, 29], str(impression))
    data_length = struct.unpack(">I", body[cursor + 18:cursor + 22])[0]
    image = body[cursor + 22:cursor + 22 + data_length]
    jp2_checks(image, width, height, label)


def check_iris_record(record, label):
    check("iris record header IIR 020: " + label, record[:8] == b"IIR\x00020\x00", record[:8])
    check("iris record length = bytes: " + label, struct.unpack(">I", record[8:12])[0] == len(record))
    check("iris certification flag 0, one eye: " + label, record[14] == 0 and record[15] == 1, "%d %d" % (record[14], record[15]))
    body = record[16:]
    cursor = 4 + 9 + 5
    quality_count = body[cursor]
    cursor += 1 + 5 * quality_count
    rep_number, eye, image_type, image_format, properties = struct.unpack(">HBBBB", body[cursor:cursor + 6])
    width, height, depth = struct.unpack(">HHB", body[cursor + 6:cursor + 11])
    check("representation number 1: " + label, rep_number == 1)
    check("eye label 1/2: " + label, eye in (1, 2), str(eye))
    check("image type 3 (cropped): " + label, image_type == 3, str(image_type))
    check("format 0x0A (mono JPEG 2000): " + label, image_format == 0x0A, str(image_format))
    check("compression history lossless: " + label, properties >> 6 == 1, hex(properties))
    check("bit depth 8: " + label, depth == 8)
    cursor += 11 + 2 + 2 + 2 + 8 + 4  # range, roll angle, roll uncertainty, centre, diameters
    data_length = struct.unpack(">I", body[cursor:cursor + 4])[0]
    jp2_checks(body[cursor + 4:cursor + 4 + data_length], width, height, label)


def check_face_record(record, label):
    check("face record header FAC 030: " + label, record[:8] == b"FAC\x00030\x00", record[:8])
    check("face record length = bytes: " + label, struct.unpack(">I", record[8:12])[0] == len(record))
    check("face certification 0, temporal 0: " + label, record[14] == 0 and struct.unpack(">H", record[15:17])[0] == 0)
    body = record[17:]
    cursor = 4 + 9 + 5
    quality_count = body[cursor]
    cursor += 1 + 5 * quality_count
    landmarks = struct.unpack(">H", body[cursor:cursor + 2])[0]
    gender = body[cursor + 2]
    features = int.from_bytes(body[cursor + 6:cursor + 9], "big")
    check("feature mask <= 0x000011: " + label, features <= 0x11, hex(features))
    check("gender 0/1/2/255: " + label, gender in (0, 1, 2, 255))
    cursor += 2 + 15 + 8 * landmarks  # landmark count; gender, eyes, hair, height, mask, expression, pose, uncertainty; landmarks
    face_type, data_type = body[cursor], body[cursor + 1]
    check("face image type 0-3/0x80-0x82: " + label, face_type in (0, 1, 2, 3, 0x80, 0x81, 0x82), str(face_type))
    check("image data type 0x02: " + label, data_type == 2, str(data_type))


def decorate_capture(response):
    out = []
    for entry in response.get("biometrics", []):
        if entry.get("data") == "":
            out.append(entry)
            continue
        payload = verify_jws(entry["data"], "capture data")
        decorated = {k: entry[k] for k in ("error", "hash", "sessionKey", "specVersion", "thumbprint", "data") if k in entry}
        if payload is not None:
            inner = verify_jws(payload.get("digitalId", ""), "capture digitalId") or {}
            decorated["dataDecoded"] = dict(payload, digitalIdDecoded=inner)
        out.append(decorated)
    return {"biometrics": out}


def capture(port, schemas, args, device, sub_id, count, exceptions, previous, transaction, label, expected):
    body = {"env": args.env, "purpose": "Registration", "specVersion": "0.9.5", "timeout": str(args.timeout_ms),
            "captureTime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "transactionId": transaction, "customOpts": None,
            "bio": [{"type": device["type"], "count": str(count), "bioSubType": [], "exception": exceptions, "requestedScore": "40",
                     "deviceId": device["deviceId"], "deviceSubId": sub_id, "previousHash": previous}]}
    status, headers, data = request(port, "RCAPTURE", "/capture", body, timeout=args.timeout_ms / 1000 + 60)
    check("RCAPTURE answers 200 JSON: " + label, status == 200, str(status))
    response = json.loads(data)
    decorated = decorate_capture(response)
    schemas.validate("RegistrationCaptureResponseSchema", decorated, label)
    entries = response["biometrics"]
    check("every entry succeeded: " + label, all(e["error"]["errorCode"] == "0" for e in entries),
          json.dumps([e["error"] for e in entries])[:300])
    chain = bytes.fromhex(previous) if previous else hashlib.sha256(b"").digest()
    got = []
    for entry, decorated_entry in zip(entries, decorated["biometrics"]):
        if entry["data"] == "":
            continue
        payload = decorated_entry.get("dataDecoded") or {}
        record = java_url_decode(payload.get("bioValue", ""))
        chain = hashlib.sha256(chain + hashlib.sha256(record).digest()).digest()
        check("hash chain link: " + label, entry["hash"] == chain.hex().upper(), entry["hash"])
        check("transactionId echoed: " + label, payload.get("transactionId") == transaction)
        check("specVersion echoed: " + label, entry.get("specVersion") == "0.9.5")
        check_timestamp(payload.get("timestamp"), label)
        check_timestamp(payload.get("digitalIdDecoded", {}).get("dateTime"), label + " digitalId")
        sub_type = payload.get("bioSubType")
        got.append(sub_type)
        if device["type"] == "Finger":
            check_finger_record(record, sub_type, "%s %s" % (label, sub_type))
        elif device["type"] == "Iris":
            check_iris_record(record, "%s %s" % (label, sub_type))
        else:
            check("face entry has no bioSubType: " + label, "bioSubType" not in payload)
            check_face_record(record, label)
    check("positions returned: " + label, sorted(str(g) for g in got) == sorted(str(e) for e in expected), "%s vs %s" % (got, expected))
    return chain.hex()


def refusal(port, schemas, args, device, mutate, code, schema, label):
    body = {"env": args.env, "purpose": "Registration", "specVersion": "0.9.5", "timeout": "5000", "captureTime": "2026-01-01T00:00:00Z",
            "transactionId": "check-refusal", "customOpts": None,
            "bio": [{"type": device["type"], "count": "1", "bioSubType": [], "exception": [], "requestedScore": "40",
                     "deviceId": device["deviceId"], "deviceSubId": device["deviceSubId"][-1], "previousHash": ""}]}
    mutate(body)
    status, _, data = request(port, "RCAPTURE", "/capture", body if not isinstance(body, bytes) else body)
    check("refusal answers 200: " + label, status == 200, str(status))
    try:
        response = json.loads(data)
    except ValueError as error:
        check("refusal is JSON: " + label, False, str(error))
        return
    schemas.validate(schema, response, label)
    entries = response.get("biometrics", [])
    check("refusal code %s: %s" % (code, label), len(entries) == 1 and entries[0]["error"]["errorCode"] == code and entries[0]["data"] == "",
          json.dumps(entries)[:300])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--schemas", required=True)
    parser.add_argument("--env", default="Developer")
    parser.add_argument("--timeout-ms", type=int, default=10000)
    args = parser.parse_args()
    schemas = Schemas(args.schemas)
    try:
        status, headers, data = request(args.port, "MOSIPDISC", "/device", {"type": "Biometric Device"})
    except OSError as error:
        print(json.dumps({"error": "cannot reach 127.0.0.1:%d: %s" % (args.port, error)}))
        return 2
    check("MOSIPDISC answers 200", status == 200, str(status))
    check("CORS origin header on answers", headers.get("Access-Control-Allow-Origin") == "*")
    discovered = json.loads(data)
    devices = {}
    for entry in discovered:
        try:
            decoded = json.loads(both_decoders(entry["digitalId"]))
            check("discovery digitalId decodes with both alphabets: " + entry["deviceId"], True)
        except Exception as error:
            check("discovery digitalId decodes with both alphabets: " + entry.get("deviceId", "?"), False, str(error))
            continue
        schemas.validate("DiscoverResponseSchema", [dict(entry, digitalIdDecoded=decoded)], entry["deviceId"])
        devices[(decoded["type"], decoded["deviceSubType"])] = dict(entry, type=decoded["type"])
    for wanted in ("Finger", "Iris", "Face"):
        status, _, data = request(args.port, "MOSIPDISC", "/device", {"type": wanted})
        types = {json.loads(both_decoders(e["digitalId"]))["type"] for e in json.loads(data)}
        check("discovery by type %s" % wanted, types == {wanted}, str(types))
    status, _, data = request(args.port, "MOSIPDISC", "/device", {"type": "FINGER"})
    schemas.validate("DiscoverResponseErrorSchema", json.loads(data), "type FINGER")

    status, _, data = request(args.port, "MOSIPDINFO", "/info", {})
    check("MOSIPDINFO answers 200", status == 200, str(status))
    for entry in json.loads(data):
        payload = verify_jws(entry["deviceInfo"], "deviceInfo")
        if payload is None:
            continue
        inner = verify_jws(payload["digitalId"], "deviceInfo digitalId") or {}
        decorated = [{"error": entry["error"], "deviceInfo": entry["deviceInfo"],
                      "deviceInfoDecoded": dict(payload, digitalIdDecoded=inner)}]
        schemas.validate("DeviceInfoResponseSchema", decorated, payload["deviceId"])
        if payload["deviceStatus"] == "Ready":
            schemas.validate("DeviceInfoReadyResponseSchema", decorated, payload["deviceId"])
        check("deviceInfo env is %s: %s" % (args.env, payload["deviceId"]), payload["env"] == args.env)

    slap, iris, face = devices.get(("Finger", "Slap")), devices.get(("Iris", "Double")), devices.get(("Face", "Full face"))
    if not check("a slap scanner, a double iris camera and a face camera are offered", slap and iris and face, str(list(devices))):
        print(json.dumps({"checks": checks}, indent=1))
        return 1
    last = capture(args.port, schemas, args, slap, "1", 3, ["Left RingFinger"], "", "check-slap-0001", "left slap minus ring",
                   ["Left IndexFinger", "Left MiddleFinger", "Left LittleFinger"])
    last = capture(args.port, schemas, args, iris, "3", 2, [], last, "check-iris-0002", "both irises", ["Left", "Right"])
    last = capture(args.port, schemas, args, face, "0", 1, [], last.upper(), "check-face-0003", "face", ["None"])

    def set_bio(key, value):
        return lambda body: body["bio"][0].__setitem__(key, value)

    refusal(args.port, schemas, args, slap, lambda b: b.__setitem__("transactionId", "x!"), "112",
            "TransactionIdErrorRCaptureResponseSchema", "invalid transactionId")
    refusal(args.port, schemas, args, slap, lambda b: b.__setitem__("env", "Nowhere"), "503", "ErrorCaptureResponseSchema", "wrong env")
    refusal(args.port, schemas, args, slap, lambda b: b.__setitem__("purpose", "Auth"), "504", "ErrorCaptureResponseSchema", "wrong purpose")
    refusal(args.port, schemas, args, slap, lambda b: b.__setitem__("specVersion", "1.0.0"), "505", "ErrorCaptureResponseSchema", "wrong specVersion")
    refusal(args.port, schemas, args, slap, set_bio("count", "5"), "109", "ErrorCaptureResponseSchema", "count that does not fit")
    refusal(args.port, schemas, args, slap, set_bio("deviceId", "no-such-device"), "106", "ErrorCaptureResponseSchema", "unknown device")
    refusal(args.port, schemas, args, slap, set_bio("deviceSubId", "7"), "507", "ErrorCaptureResponseSchema", "unknown deviceSubId")
    refusal(args.port, schemas, args, slap, lambda b: b.pop("timeout"), "506", "ErrorCaptureResponseSchema", "missing timeout")
    status, _, data = request(args.port, "RCAPTURE", "/capture", b'{"env": "Developer", "bio": [')
    response = json.loads(data)
    schemas.validate("ErrorCaptureResponseSchema", response, "malformed JSON")
    check("malformed JSON code 501", response["biometrics"][0]["error"]["errorCode"] == "501", json.dumps(response)[:200])

    failed = [c for c in checks if not c["ok"]]
    print(json.dumps({"passed": len(checks) - len(failed), "failed": len(failed), "failures": failed, "last_hash": last}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

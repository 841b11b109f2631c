#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed corpora under corpus/ (valid documents and hostile ones). Run it again
# after changing it; the files are kept in git so the fuzzers and CI need no Python.
import gzip
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
U1 = "0194a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"
U2 = "0194a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c"


def mutation(i, op="patch"):
    fields = {} if op == "delete" else {
        "title": {"value": "劳动争议 %d" % i, "base": i, "hlc": 1737943200000 << 16},
        "amount_fen": {"value": 123456, "base": 0, "hlc": 5},
    }
    return {"id": i, "record": U2, "type": "case", "op": op, "fields": fields}


def push(n):
    return {"client_id": U1, "mutations": [mutation(i + 1) for i in range(n)]}


ANSWER = {"last_mutation_id": 3, "server_hlc": 99, "clock_skew": True,
          "results": [{"id": 1, "status": "applied", "version": 2},
                      {"id": 2, "status": "duplicate", "original": "rejected",
                       "reason": "closed", "field": "status"},
                      {"id": 3, "status": "conflict", "version": 7, "reason": "title"}]}
PAGE = {"epoch": U1, "ops": [
    {"seq": 1, "op": "put", "id": U2, "type": "case", "version": 1,
     "doc": {"title": "x", "nested": {"a": [1, 2.5, None, True]}}},
    {"seq": 2, "op": "remove", "id": U1, "type": "party", "version": 3}],
    "next": 2, "up_to_date": True,
    "checkpoint": {"seq": 2, "count": 1, "checksum": "0123456789abcdef"}}

DIGEST = {"epoch": U1, "chunks": [
    {"last": U1, "count": 2, "checksum": "0000000000000001"},
    {"last": U2, "count": 1, "checksum": "fffffffffffffffe"}],
    "seq": 9, "count": 3, "checksum": "ffffffffffffffff", "complete": True}


def j(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


VALID = {
    "push-one": j(push(1)),
    "push-delete": j({"client_id": U1, "mutations": [mutation(1, "delete"),
                                                     mutation(2, "create")]}),
    "answer": j(ANSWER),
    "answer-expected": j({"last_mutation_id": 0, "server_hlc": 1, "expected": 1,
                          "results": []}),
    "page": j(PAGE),
    "page-empty": j(dict(PAGE, ops=[], up_to_date=False)),
    "result": j({"id": 5, "status": "rejected", "reason": "no", "field": "title"}),
    "reset": j({"error": "reset_required", "message": "m", "epoch": U1}),
    "digest": j(DIGEST),
    "digest-empty": j(dict(DIGEST, chunks=[], count=0, checksum="0000000000000000")),
}

HOSTILE = {
    "push-501": j(push(501)),
    "push-ids-down": j({"client_id": U1, "mutations": [mutation(2), mutation(1)]}),
    "push-300-fields": j({"client_id": U1, "mutations": [dict(mutation(1), fields={
        "f%d" % i: {"value": i, "base": 0, "hlc": 0} for i in range(300)})]}),
    "push-bad-name": j({"client_id": U1, "mutations": [dict(mutation(1), fields={
        "Bad Name": {"value": 1, "base": 0, "hlc": 0}})]}),
    "wrong-types": b'{"client_id":5,"mutations":{"id":"1"},"last_mutation_id":"3",'
                   b'"results":{},"epoch":[],"ops":null,"id":true,"status":1}',
    "wrong-types-inner": b'{"client_id":"' + U1.encode() + b'","mutations":[{"id":1.5,'
                         b'"record":"' + U2.encode() + b'","type":"case","op":"patch",'
                         b'"fields":{"a":{"value":1,"base":"0","hlc":-1}}}]}',
    "nested-64": b"[" * 64 + b"]" * 64,
    "nested-65": b"[" * 65 + b"]" * 65,
    "nested-deep": b"[" * 5000,
    "nested-comment": b'/*"*/' + b"[" * 5000,
    "nested-single-quote": b"['\"'," + b"{\"a\":" * 3000,
    "huge-int": b'{"id":9223372036854775808,"status":"applied"}',
    "huge-int-wrap": b'{"last_mutation_id":18446744073709551617,"server_hlc":0,"results":[]}',
    "min-int": b'{"id":-9223372036854775808,"status":"applied"}',
    "huge-float": b'{"client_id":"' + U1.encode() + b'","mutations":[{"id":1,"record":"'
                  + U2.encode() + b'","type":"case","op":"patch","fields":{"a":'
                  b'{"value":1e400,"base":0,"hlc":0}}}]}',
    "long-number": b"[" + b"1" * 3000 + b"]",
    "nul-raw": b'{"id":1,"status":"applied\x00"}',
    "nul-escape": b'{"id":1,"status":"applied","reason":"a\\u0000b"}',
    "surrogate-low": b'{"id":1,"status":"applied","reason":"\\udc00"}',
    "surrogate-high": b'{"id":1,"status":"applied","reason":"\\ud800x"}',
    "surrogate-pair": b'{"id":1,"status":"applied","reason":"\\ud83d\\ude00"}',
    "invalid-utf8": b'{"id":1,"status":"applied","reason":"\xff\xfe\xc3"}',
    "overlong-utf8": b'{"id":1,"status":"\xc0\xafapplied"}',
    "truncated-object": j(PAGE)[:-40],
    "truncated-string": b'{"client_id":"0194a5b2',
    "trailing": j(ANSWER) + b" [1]",
    "hex": b'{"id":0x10,"status":"applied"}',
    "bare-word": b"var x = [1]",
    "empty": b"",
    "spaces": b" \t\r\n",
    "scalar": b'"just a string"',
    "bom": b"\xef\xbb\xbf{}",
    "page-bad-checksum": j(dict(PAGE, checkpoint={"seq": 1, "count": 1,
                                                  "checksum": "0123456789ABCDEF"})),
    "page-epoch-36-odd": j(dict(PAGE, epoch='"\\' * 12 + "x" * 12)),
    "page-seq-down": j(dict(PAGE, ops=list(reversed(PAGE["ops"])))),
    "digest-ids-down": j(dict(DIGEST, chunks=list(reversed(DIGEST["chunks"])))),
    "digest-not-adding-up": j(dict(DIGEST, count=4)),
    "digest-empty-chunk": j(dict(DIGEST, chunks=[dict(DIGEST["chunks"][0], count=0)])),
    "digest-complete-string": j(dict(DIGEST, complete="yes")),
}

HEAD = ("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "X-Tiaojie-Protocol: 1\r\nX-Tiaojie-Schema: 1\r\n{extra}\r\n")


def request(method, target, body=b"", extra="", ctype="application/json"):
    if body:
        extra += "Content-Type: %s\r\nContent-Length: %d\r\n" % (ctype, len(body))
    return HEAD.format(method=method, target=target, extra=extra).encode() + body


def gz(data):
    return gzip.compress(data, mtime=0)


REQUESTS = {
    "push": request("POST", "/v1/push", j(push(2))),
    "push-gzip": request("POST", "/v1/push", gz(j(push(3))), "Content-Encoding: gzip\r\n"),
    "push-gzip-bomb": request("POST", "/v1/push", gz(b" " * (2 * 1024 * 1024)),
                              "Content-Encoding: gzip\r\n"),
    "push-gzip-trailing": request("POST", "/v1/push", gz(b"{}") + b"junk",
                                  "Content-Encoding: gzip\r\n"),
    "push-gzip-truncated": request("POST", "/v1/push", gz(j(push(3)))[:30],
                                   "Content-Encoding: gzip\r\n"),
    "push-brotli": request("POST", "/v1/push", b"{}", "Content-Encoding: br\r\n"),
    "push-501": request("POST", "/v1/push", j(push(501))),
    "push-too-long": "POST /v1/push HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n{}".encode(),
    "push-not-json-type": "POST /v1/push HTTP/1.1\r\nContent-Type: text/plain\r\n\r\n{}".encode(),
    "push-deep": request("POST", "/v1/push", b'/*"*/' + b"[" * 5000),
    "push-array": request("POST", "/v1/push", b"[]"),
    "push-empty": request("POST", "/v1/push"),
    "login": request("POST", "/v1/session", b'{"user":"a","password":"b"}'),
    "login-invalid-utf8": request("POST", "/v1/session", b'{"user":"\xff"}'),
    "pull": request("GET", "/v1/pull?bucket=%s&epoch=%s&after=5&limit=1000&wait=30" % (U1, U2)),
    "pull-bad-numbers": request("GET", "/v1/pull?bucket=x&after=-1&limit=0&wait=61"),
    "pull-huge": request("GET", "/v1/pull?after=99999999999999999999&limit=1001"),
    "digest": request("GET", "/v1/pull/digest?bucket=%s&epoch=%s&chunk=16&limit=2&after=%s"
                      % (U1, U2, U1)),
    "range": request("GET", "/v1/pull/range?bucket=%s&epoch=%s&after=%s&through=%s&limit=3"
                     % (U1, U2, U1, U2)),
    "range-bad": request("GET", "/v1/pull/range?bucket=%s&after=%%00&through=&limit=0" % U1),
    "pull-escapes": request("GET", "/v1/pull?bucket=%00%ff&after=%31&limit=&wait&=&&"),
    "disable": request("POST", "/v1/accounts/%s/disable" % U1),
    "disable-empty-id": request("POST", "/v1/accounts//disable"),
    "revoke-wrong-method": request("GET", "/v1/accounts/x/sessions"),
    "version": "GET /v1/version HTTP/1.1\r\n\r\n".encode(),
    "dotdot": request("GET", "/v1/../v1/version"),
    "no-version": "GET /v1/orgs HTTP/1.1\r\nX-Tiaojie-Protocol: 99999\r\n\r\n".encode(),
    "schema-bad": request("GET", "/v1/orgs", extra="X-Tiaojie-Schema: 0x1\r\n"),
    "absolute-target": "GET http://h/v1/version HTTP/1.1\r\n\r\n".encode(),
    "nul-in-head": b"GET /v1/ver\x00sion HTTP/1.1\r\n\r\n",
    "lf-only": b"GET /v1/version HTTP/1.1\nX-Tiaojie-Protocol: 1\n\n",
    "blob-range": request("GET", "/v1/blobs/" + "ab" * 32, extra="Range: bytes=10-99\r\n"),
    "blob-range-suffix": request("GET", "/v1/blobs/" + "ab" * 32, extra="Range: bytes=-18446744073709551615\r\n"),
    "blob-range-odd": request("GET", "/v1/blobs/" + "ab" * 32, extra="Range: bytes= 5 - 3 ,-\r\n"),
    "blob-put-huge": ("PUT /v1/blobs/%s HTTP/1.1\r\nX-Tiaojie-Protocol: 1\r\n"
                      "Content-Length: 99999999999\r\n\r\nxx" % ("ab" * 32)).encode(),
}


# POST /v1/documents/verify takes the PDF itself; the code is in its Info dictionary.
CODE = "7K3M-9QXB-2HNC-4RTD"
PDF_TYPE = "application/pdf"
PDF = ("%%PDF-1.5\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
       "3 0 obj\n<< /Title (调解协议书) /Keywords (tiaojie-verify:%s) >>\nendobj\n"
       "trailer\n<< /Root 1 0 R /Info 3 0 R >>\n%%%%EOF\n" % CODE).encode()
VERIFY = {
    "verify": request("POST", "/v1/documents/verify", PDF, ctype=PDF_TYPE),
    # Cut in the middle of the code, and just after its prefix.
    "verify-truncated": request("POST", "/v1/documents/verify", PDF[:PDF.index(b"-9QXB")],
                                ctype=PDF_TYPE),
    "verify-truncated-prefix": request("POST", "/v1/documents/verify",
                                       PDF[:PDF.index(CODE.encode())], ctype=PDF_TYPE),
    # An incremental update puts a second code after the first: the last one counts.
    "verify-two-codes": request("POST", "/v1/documents/verify",
                                PDF + b"<< /Keywords (tiaojie-verify:ZZZZ-ZZZZ-ZZZZ-ZZZZ) >>",
                                ctype=PDF_TYPE),
    "verify-code-broken": request("POST", "/v1/documents/verify",
                                  PDF.replace(CODE.encode(), b"7K3M\x00QXB-2HNC-4RTD"),
                                  ctype=PDF_TYPE),
    "verify-oversized": ("POST /v1/documents/verify HTTP/1.1\r\nX-Tiaojie-Protocol: 1\r\n"
                         "Content-Length: %d\r\n\r\n%%PDF-1.5" % (8 * 1024 * 1024 + 1)).encode(),
    "verify-empty": request("POST", "/v1/documents/verify"),
    "verify-json": request("POST", "/v1/documents/verify",
                           j({"pdf": PDF.decode("latin-1"), "code": CODE})),
    "verify-json-deep": request("POST", "/v1/documents/verify", b'{"a":' * 4000 + b"%PDF-"),
    "verify-json-pdf": request("POST", "/v1/documents/verify",
                               b"%PDF-" + j({"tiaojie-verify:": "tiaojie-verify:" * 3})),
    "verify-prefixes": request("POST", "/v1/documents/verify",
                               b"%PDF-" + b"tiaojie-verify:" * 1000 + b"tiaojie-verif",
                               ctype=PDF_TYPE),
    "verify-get": request("GET", "/v1/documents/verify"),
}
REQUESTS.update(VERIFY)


def write(target, docs):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name, data in docs.items():
        with open(os.path.join(folder, name), "wb") as out:
            out.write(data)


write("fuzz-codec", {**VALID, **HOSTILE})
write("fuzz-request", REQUESTS)

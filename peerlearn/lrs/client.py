"""A small xAPI 1.0.3 client over the standard library (urllib.request).

POST /statements with a JSON array, and GET /statements following `more` to the end. Timeouts,
refused connections and 5xx answers are tried again a bounded number of times with exponential
backoff (base PEERLEARN_LRS_BACKOFF seconds, default 1), then reported. The credential goes only
into the Authorization header; no message ever includes it.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Iterator

from peerlearn.errors import LRSAuthRefused, LRSError, LRSUnreachable

VERSION = "1.0.3"
RETRIES = 3
TIMEOUT = 30.0
BACKOFF_ENV = "PEERLEARN_LRS_BACKOFF"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def reason(self, limit: int = 160) -> str:
        """What the LRS said, in one short line (its JSON 'detail' or 'message' when it gave one)."""
        text = self.body.decode("utf-8", "replace").strip()
        try:
            data = json.loads(text)
            if isinstance(data, dict):
                text = str(data.get("detail") or data.get("message") or data.get("error") or text)
        except ValueError:
            pass
        text = " ".join(text.split())
        return text[:limit] + ("..." if len(text) > limit else "")


def check_endpoint(url: str) -> str:
    """The LRS endpoint as given (http or https, no credential in it), without a trailing /."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LRSError(f"{url!r} is not an LRS address; give its xAPI endpoint, e.g. https://lrs.example.org/xAPI")
    if parts.username or parts.password:
        raise LRSError("the LRS address must not carry the credential; set PEERLEARN_LRS_AUTH or the credential file instead")
    return url.rstrip("/")


def auth_refused(answer: "Answer", endpoint: str) -> LRSAuthRefused:
    """What to check when the LRS answers 401 or 403, with what it said (some LRSs answer 401
    for an account that may not do this, not only for a wrong password)."""
    said = f" The LRS said: {answer.reason()}" if answer.reason() else ""
    if answer.status == 401:
        return LRSAuthRefused(f"the LRS at {endpoint} did not accept the credential (401): check the user and password "
                              "in PEERLEARN_LRS_AUTH or the credential file, and ask the LRS administrator whether the "
                              f"account may write (and, for team reports, read) statements.{said}")
    return LRSAuthRefused(f"the LRS at {endpoint} refused this account (403): ask the LRS administrator whether the "
                          f"account may write (and, for team reports, read) statements.{said}")


def _backoff_from_env() -> float:
    text = os.environ.get(BACKOFF_ENV, "1")
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 60:
        raise LRSError(f"{BACKOFF_ENV} must be a number of seconds from 0 to 60 (got {text!r})")
    return value


class Client:
    def __init__(self, endpoint: str, credential: str | None, timeout: float = TIMEOUT, retries: int = RETRIES,
                 backoff: float | None = None, sleep=time.sleep):
        self.endpoint = check_endpoint(endpoint)
        self.statements_url = self.endpoint + "/statements"
        self._auth = "Basic " + base64.b64encode(credential.encode("utf-8")).decode("ascii") if credential else None
        self.timeout = timeout
        self.retries = retries
        self.backoff = _backoff_from_env() if backoff is None else backoff
        self._sleep = sleep
        host = urllib.parse.urlsplit(self.endpoint).hostname
        # a loopback LRS is never reached through a proxy
        handlers = [urllib.request.ProxyHandler({})] if host in LOOPBACK else []
        self._opener = urllib.request.build_opener(*handlers)

    def _once(self, method: str, url: str, body: bytes | None) -> Answer:
        headers = {"X-Experience-API-Version": VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self._auth:
            headers["Authorization"] = self._auth
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.read() or b"")

    def request(self, method: str, url: str, body: bytes | None = None) -> Answer:
        """One request, tried again on a timeout, a refused connection or a 5xx answer, at most
        `retries` more times; the last 5xx answer is returned, a connection that never worked
        raises LRSUnreachable."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                answer = self._once(method, url, body)
            except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as exc:
                if last:
                    reason = getattr(exc, "reason", exc)
                    raise LRSUnreachable(f"could not reach the LRS at {self.endpoint} ({reason}), "
                                         f"after {self.retries + 1} tries") from None
            else:
                if answer.status < 500 or last:
                    return answer
            self._sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def post_statements(self, statements: list[dict]) -> Answer:
        return self.request("POST", self.statements_url, json.dumps(statements, ensure_ascii=False).encode("utf-8"))

    def get_statements(self, **params) -> Iterator[dict]:
        """Every statement matching the xAPI query parameters (agent, verb, activity, since,
        until, limit...), following `more` to the end."""
        query = {k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in params.items() if v is not None}
        url = self.statements_url + ("?" + urllib.parse.urlencode(query) if query else "")
        while url:
            answer = self.request("GET", url)
            if answer.status in (401, 403):
                raise auth_refused(answer, self.endpoint)
            if answer.status != 200:
                raise LRSError(f"the LRS at {self.endpoint} answered {answer.status} to GET /statements: {answer.reason()}")
            try:
                data = json.loads(answer.body)
                batch = data["statements"]
            except (ValueError, KeyError, TypeError):
                raise LRSError(f"the LRS at {self.endpoint} did not answer GET /statements with a statement result") from None
            yield from batch
            more = data.get("more")
            url = urllib.parse.urljoin(self.statements_url, more) if more else None

#!/usr/bin/env python3
"""Fills a Parley server with a little data through its real API, and later checks that it is all there.

  parley_api_check.py populate --url http://127.0.0.1:8080 --out expected.json
  parley_api_check.py verify   --url http://127.0.0.1:8080 --expect expected.json

populate registers three users, starts two direct chats and sends messages over the WebSocket (REST has no
send), each acknowledged; it writes what it did, texts included, to the JSON file. verify logs every user in
again with their password, checks that a token issued before still works, and reads each chat's history
over REST: every message must come back with the same id, seq, sender and text (the server decrypts it
with its master key). Exit status 0 when all matches, 1 on any difference (printed), 2 on a usage error.
Python 3 standard library only; the WebSocket client below does just what this needs (RFC 6455).
"""
import argparse
import base64
import json
import os
import socket
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

PASSWORD = "correct horse battery staple"
# Texts that would show a broken decryption or encoding: non-ASCII, astral code points, line breaks, length.
TEXTS = [
    ("alice", "bob", "Hello Bob 👋"),
    ("bob", "alice", "Hi Alice! Grüße aus Köln, 東京, Москва"),
    ("alice", "bob", "Two lines:\nsecond line, and a tab\there"),
    ("bob", "alice", "A long one: " + "lorem ipsum dolor sit amet " * 200),
    ("alice", "carol", "Carol, are you in? 🎉🎉"),
    ("carol", "alice", "Yes — see you at 7."),
]


class Failure(Exception):
    pass


def rest(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def expect_status(what, result, *statuses):
    status, body = result
    if status not in statuses:
        raise Failure(f"{what}: HTTP {status} {body}")
    return body


class WebSocket:
    """A blocking client socket: text frames out (masked), text frames in (unfragmented or fragmented)."""

    def __init__(self, base, token):
        url = urllib.parse.urlparse(base)
        self.sock = socket.create_connection((url.hostname, url.port or 80), timeout=15)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Authorization: Bearer {token}\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self._recv()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in status_line + " ":
            raise Failure(f"WebSocket upgrade refused: {status_line}")

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise Failure("the server closed the WebSocket")
        return chunk

    def _take(self, n):
        while len(self.buffer) < n:
            self.buffer += self._recv()
        taken, self.buffer = self.buffer[:n], self.buffer[n:]
        return taken

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, frame):
        self._send_frame(0x1, json.dumps(frame).encode("utf-8"))

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._take(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._take(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._take(8))[0]
            payload = self._take(n)
            if opcode == 0x8:
                raise Failure(f"the server closed the WebSocket: {payload[2:].decode(errors='replace')}")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return json.loads(message.decode("utf-8"))

    def answer_to(self, request_id):
        """Reads frames until the answer to request_id (live frames in between are skipped)."""
        while True:
            frame = self.receive()
            if frame.get("requestId") == request_id:
                if frame["type"] == "error":
                    raise Failure(f"request {request_id}: {frame}")
                return frame

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        finally:
            self.sock.close()


def populate(base, out):
    tag = uuid.uuid4().hex[:8]
    users = {}
    for name in ("alice", "bob", "carol"):
        username = f"{name}_{tag}"
        profile = expect_status(f"register {username}", rest(base, "POST", "/api/v1/accounts", {
            "username": username, "displayName": name.capitalize() + " Backup-Test", "password": PASSWORD}), 201)
        login = expect_status(f"log in {username}", rest(base, "POST", "/api/v1/sessions", {
            "username": username, "password": PASSWORD, "deviceName": "backup test"}), 201)
        users[name] = {"username": username, "id": profile["id"], "token": login["token"]}

    chats = {}
    for a, b in (("alice", "bob"), ("alice", "carol")):
        view = expect_status(f"start the chat {a}-{b}", rest(base, "POST", "/api/v1/conversations/direct",
                                                            {"username": users[b]["username"]},
                                                            users[a]["token"]), 200, 201)
        chats[frozenset((a, b))] = view["id"]

    sockets = {name: WebSocket(base, user["token"]) for name, user in users.items()}
    messages = []
    try:
        for ws in sockets.values():
            hello = ws.receive()
            if hello.get("type") != "hello":
                raise Failure(f"the first frame was not hello: {hello}")
        for i, (sender, to, text) in enumerate(TEXTS):
            conversation = chats[frozenset((sender, to))]
            client_message_id = str(uuid.uuid4())
            request_id = f"backup-{i}"
            sockets[sender].send({"type": "send", "requestId": request_id, "conversationId": conversation,
                                  "clientMessageId": client_message_id, "text": text})
            ack = sockets[sender].answer_to(request_id)
            if ack["type"] != "ack":
                raise Failure(f"send {i}: answered {ack}")
            messages.append({"conversationId": conversation, "id": ack["messageId"], "seq": ack["seq"],
                             "senderId": users[sender]["id"], "clientMessageId": client_message_id, "text": text})
    finally:
        for ws in sockets.values():
            ws.close()

    with open(out, "w", encoding="utf-8") as f:
        json.dump({"password": PASSWORD, "users": users, "conversations": sorted(chats.values()),
                   "messages": messages}, f, ensure_ascii=False, indent=1)
    print(f"populated: {len(users)} users, {len(chats)} direct chats, {len(messages)} messages acknowledged")


def verify(base, expect):
    with open(expect, encoding="utf-8") as f:
        expected = json.load(f)
    problems = []
    tokens = {}
    for name, user in expected["users"].items():
        status, body = rest(base, "POST", "/api/v1/sessions", {"username": user["username"],
                                                               "password": expected["password"]})
        if status != 201:
            problems.append(f"{user['username']} cannot log in: HTTP {status} {body}")
            continue
        if body["user"]["id"] != user["id"]:
            problems.append(f"{user['username']} logged in as id {body['user']['id']}, expected {user['id']}")
        tokens[name] = body["token"]
        # A session from before the backup is in the database too.
        status, me = rest(base, "GET", "/api/v1/me", token=user["token"])
        if status != 200 or me.get("id") != user["id"]:
            problems.append(f"{user['username']}'s token from before the backup: HTTP {status} {me}")
    if "alice" in tokens:
        status, listed = rest(base, "GET", "/api/v1/conversations", token=tokens["alice"])
        ids = sorted(c["id"] for c in (listed or {}).get("conversations", [])) if status == 200 else []
        if ids != expected["conversations"]:
            problems.append(f"alice's conversations: {ids}, expected {expected['conversations']}")

    by_conversation = {}
    for m in expected["messages"]:
        by_conversation.setdefault(m["conversationId"], []).append(m)
    reader = tokens.get("alice")
    checked = 0
    for conversation, wanted in by_conversation.items():
        if reader is None:
            break
        status, page = rest(base, "GET", f"/api/v1/conversations/{conversation}/messages?limit=200", token=reader)
        if status != 200:
            problems.append(f"history of {conversation}: HTTP {status} {page}")
            continue
        got = {m["seq"]: m for m in page["messages"] if m.get("kind") == "text"}
        if len(got) != len(wanted):
            problems.append(f"{conversation}: {len(got)} text messages, expected {len(wanted)}")
        for m in wanted:
            g = got.get(m["seq"])
            if g is None:
                problems.append(f"{conversation} seq {m['seq']}: missing")
                continue
            for field in ("id", "senderId", "clientMessageId", "text"):
                if g.get(field) != m[field]:
                    problems.append(f"{conversation} seq {m['seq']}: {field} is {g.get(field)!r}, expected {m[field]!r}")
            checked += 1

    if problems:
        for p in problems:
            print("MISMATCH: " + p, file=sys.stderr)
        return 1
    print(f"verified: {len(tokens)} users log in, {len(by_conversation)} chats, {checked} messages identical")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("populate")
    p.add_argument("--url", required=True)
    p.add_argument("--out", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--url", required=True)
    v.add_argument("--expect", required=True)
    args = parser.parse_args()
    try:
        if args.command == "populate":
            populate(args.url.rstrip("/"), args.out)
            return 0
        return verify(args.url.rstrip("/"), args.expect)
    except (Failure, OSError, ValueError, KeyError) as e:
        print(f"parley_api_check {args.command}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

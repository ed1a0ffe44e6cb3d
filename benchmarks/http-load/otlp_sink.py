#!/usr/bin/env python3
"""An OTLP/HTTP endpoint that accepts everything: 200 with an empty ExportTraceServiceResponse.

The load test exports spans here so the SDK's whole export path runs (batching, protobuf encoding,
HTTP) and is never slowed by retries: a collector that refuses or answers 429 would measure the
SDK's drop path instead. On SIGTERM it prints how many requests and bytes it took.
usage: otlp_sink.py PORT
"""
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = {"requests": 0, "bytes": 0}


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        received["requests"] += 1
        received["bytes"] += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def stop(*_):
    print(f"otlp sink: {received['requests']} export requests, {received['bytes']} bytes", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()

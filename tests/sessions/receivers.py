"""A real webhook receiver on 127.0.0.1 for tests and the bench: answers with the statuses it is
given in turn (then 200), or hangs, and keeps every request it got."""

import http.server
import threading
import time


class Receiver:
    def __init__(self, statuses=(), hang_seconds=0.0):
        self.statuses = list(statuses)
        self.hang_seconds = hang_seconds
        self.requests = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                if receiver.hang_seconds:
                    time.sleep(receiver.hang_seconds)
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

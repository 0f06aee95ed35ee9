"""A scripted OpenAI-compatible chat server on 127.0.0.1 for the browser tests.

``python tests/ui/fake_llm.py PORT`` answers ``POST /v1/chat/completions`` with one canned
JSON answer (section 五's shape), streamed as server-sent events in small pieces; the draft
call pauses between pieces so that the UI's streaming can be watched, other calls (the
pipeline's repair round, which this answer does not fit) answer at once. Standard library only.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = {
    "last_year": [],
    "problems": [
        {
            "problem": {"text": "依申请公开答复文书的说理还不够充分，个别答复引用条款不够具体。",
                        "facts": [], "passages": []},
            "evidence": [],
            "measures": [{"text": "下一步将修订答复文书模板，逐条写明适用的条款和理由。",
                          "facts": [], "passages": []}],
        },
        {
            "problem": {"text": "政策解读形式较为单一，图解和视频解读运用不足。", "facts": [],
                        "passages": []},
            "evidence": [],
            "measures": [{"text": "围绕重要政策制作图解和短视频解读，提高解读的可读性。",
                          "facts": [], "passages": []}],
        },
    ],
}
PIECE = 8
PAUSE_S = 0.03


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        return None

    def do_GET(self) -> None:
        body = json.dumps({"object": "list", "data": [{"id": "fake-qwen", "object": "model"}]})
        self._send(200, "application/json", body.encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        content = json.dumps(ANSWER, ensure_ascii=False)
        created = int(time.time())
        schema = (request.get("response_format") or {}).get("json_schema") or {}
        # Only the draft itself streams slowly (to be watched); other calls answer at once.
        pause = PAUSE_S if str(schema.get("name", "draft")).startswith("draft") else 0.0
        if not request.get("stream"):
            body = {"id": "c1", "object": "chat.completion", "created": created, "model": "fake-qwen",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
            self._send(200, "application/json", json.dumps(body, ensure_ascii=False).encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for start in range(0, len(content), PIECE):
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": created,
                     "model": "fake-qwen",
                     "choices": [{"index": 0, "delta": {"role": "assistant",
                                                        "content": content[start:start + PIECE]},
                                  "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
            time.sleep(pause)
        end = {"id": "c1", "object": "chat.completion.chunk", "created": created, "model": "fake-qwen",
               "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
        self.wfile.flush()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("fake-llm ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

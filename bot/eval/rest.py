"""A minimal client of Rasa's REST channel, for evaluation scripts and tests."""
from __future__ import annotations

import json
import urllib.request
from typing import Any, Optional


def send(url: str, sender: str, message: str, metadata: Optional[dict[str, Any]] = None,
         timeout: float = 30) -> list[dict[str, Any]]:
    body = {"sender": sender, "message": message}
    if metadata:
        body["metadata"] = metadata
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"}, method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))

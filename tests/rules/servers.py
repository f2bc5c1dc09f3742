"""A Prometheus, an Alertmanager and a webhook receiver of a test's own, on free ports.

The integration tests of the dashboards and alerts start these next to a test worker instead of
using the stack's Prometheus (which scrapes 127.0.0.1:6066 every 5 s for the demo): a dedicated
Prometheus scrapes the test worker's port every second and evaluates the rules every second.
Each process is stopped by ``stop()``, which the tests call in their fixture teardown.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from tests.integration.harness import free_port, wait_for

JOB = "reachability"  # the job name the alert rules and dashboards use (up{job="reachability"})


def binary(name: str) -> str:
    path = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(path).exists():
        raise AssertionError(
            f"{name} is not installed: run deploy/local/stack up (it installs Debian's "
            "prometheus and prometheus-alertmanager packages)"
        )
    return path


def http_json(url: str, timeout: float = 10) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return json.loads(resp.read().decode())


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


class _Process:
    name = "process"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.log_path = workdir / f"{self.name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 60) -> _Process:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir
        )
        log.close()

        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited at start-up:\n{self.log_tail()}")
            return http_status(f"{self.url}/-/ready") == 200

        try:
            wait_for(f"{self.name} on port {self.port} ready", ready, timeout, every=0.2)
        except AssertionError as err:
            self.stop()
            raise AssertionError(f"{err}\n{self.log_tail()}") from None
        return self

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)


class PrometheusServer(_Process):
    """Scrapes ``targets`` as job ``reachability`` every second; evaluates ``rule_files``."""

    name = "prometheus"

    def __init__(
        self,
        workdir: Path,
        targets: Sequence[str],
        rule_files: Sequence[Path],
        alertmanager: str | None = None,
    ) -> None:
        super().__init__(workdir)
        config: dict[str, Any] = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(path) for path in rule_files],
            "scrape_configs": [{
                "job_name": JOB,
                "scrape_interval": "1s",
                "scrape_timeout": "1s",
                "static_configs": [{"targets": list(targets)}],
            }],
        }  # fmt: skip
        if alertmanager is not None:
            config["alerting"] = {
                "alertmanagers": [{"static_configs": [{"targets": [alertmanager]}]}]
            }
        self.config_path = workdir / "prometheus.yml"
        self.config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        (workdir / "prometheus-data").mkdir(exist_ok=True)

    def command(self) -> list[str]:
        return [
            binary("prometheus"),
            f"--config.file={self.config_path}",
            f"--storage.tsdb.path={self.workdir / 'prometheus-data'}",
            f"--web.listen-address=127.0.0.1:{self.port}",
            "--log.level=warn",
        ]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """An instant query now: the result vector (empty when there is no data)."""
        url = f"{self.url}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        body = http_json(url)
        assert body["status"] == "success", body
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    def query_range(self, expr: str, seconds: float, step: float = 1) -> list[dict[str, Any]]:
        end = time.time()
        params = {"query": expr, "start": end - seconds, "end": end, "step": step}
        body = http_json(f"{self.url}/api/v1/query_range?" + urllib.parse.urlencode(params))
        assert body["status"] == "success", body
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    def alerts(self) -> list[dict[str, Any]]:
        alerts: list[dict[str, Any]] = http_json(f"{self.url}/api/v1/alerts")["data"]["alerts"]
        return alerts

    def rule_health(self) -> list[tuple[str, str, str]]:
        """(rule name, health, last error) of every rule that is not healthy."""
        groups = http_json(f"{self.url}/api/v1/rules")["data"]["groups"]
        return [
            (rule["name"], rule["health"], rule.get("lastError", ""))
            for group in groups
            for rule in group["rules"]
            if rule["health"] not in ("ok", "unknown")
        ]


class AlertmanagerServer(_Process):
    """Routes every alert to ``webhook_url`` at once: 1 s group wait and interval."""

    name = "alertmanager"

    def __init__(self, workdir: Path, webhook_url: str) -> None:
        super().__init__(workdir)
        config = {
            "route": {
                "receiver": "test",
                "group_by": ["alertname", "department"],
                "group_wait": "1s",
                "group_interval": "1s",
                "repeat_interval": "1h",
            },
            "receivers": [{
                "name": "test",
                "webhook_configs": [{"url": webhook_url, "send_resolved": True}],
            }],
        }  # fmt: skip
        self.config_path = workdir / "alertmanager.yml"
        self.config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        (workdir / "alertmanager-data").mkdir(exist_ok=True)

    def command(self) -> list[str]:
        return [
            binary("prometheus-alertmanager"),
            f"--config.file={self.config_path}",
            f"--storage.path={self.workdir / 'alertmanager-data'}",
            f"--web.listen-address=127.0.0.1:{self.port}",
            "--cluster.listen-address=",  # one instance: no gossip port
            "--log.level=warn",
        ]

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Notification:
    received_at: float  # time.time()
    payload: dict[str, Any]


@dataclass
class WebhookReceiver:
    """Alertmanager's webhook notifications, kept in the order received."""

    notifications: list[Notification] = field(default_factory=list)
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/alerts"

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                with receiver._lock:
                    receiver.notifications.append(Notification(time.time(), payload))
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test prints what matters."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def alerts(self) -> list[tuple[float, dict[str, Any]]]:
        """(received_at, alert) of every alert in every notification so far."""
        with self._lock:
            return [
                (n.received_at, alert) for n in self.notifications for alert in n.payload["alerts"]
            ]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

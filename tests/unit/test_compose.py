"""docker-compose.yml and its config files, checked without Docker (spec 11)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
STACK_SCRIPT = ROOT / "deploy" / "local" / "stack"

# service -> the container port it must publish
PORTS = {
    "kafka": 9092,
    "redis": 6379,
    "worker": 6066,
    "prometheus": 9090,
    "alertmanager": 9093,
    "grafana": 3000,
}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return dict(load(COMPOSE)["services"])


def container_ports(service: dict[str, Any]) -> set[int]:
    """Container ports of "HOST:CONTAINER", "IP:HOST:CONTAINER" or long-syntax entries."""
    ports = set()
    for entry in service.get("ports", []):
        if isinstance(entry, dict):
            ports.add(int(entry["target"]))
        else:
            ports.add(int(str(entry).split(":")[-1].split("/")[0]))
    return ports


def env(service: dict[str, Any]) -> dict[str, str]:
    raw = service.get("environment", {})
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {key: str(value) for key, value in raw.items()}


def test_every_service_is_there(services: dict[str, Any]) -> None:
    assert set(PORTS) <= set(services)


@pytest.mark.parametrize(("name", "port"), PORTS.items())
def test_service_publishes_its_port(services: dict[str, Any], name: str, port: int) -> None:
    assert port in container_ports(services[name])


@pytest.mark.parametrize("name", PORTS)
def test_service_has_a_healthcheck(services: dict[str, Any], name: str) -> None:
    check = services[name]["healthcheck"]
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert len(check["test"]) > 1


def test_depends_on_waits_for_healthy_services(services: dict[str, Any]) -> None:
    edges = 0
    for name, service in services.items():
        depends = service.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}: depends_on needs conditions"
        for dependency, spec in depends.items():
            assert spec["condition"] == "service_healthy", f"{name} -> {dependency}"
            assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck"
            edges += 1
    assert edges >= 4
    assert set(services["worker"]["depends_on"]) == {"kafka", "redis"}
    assert "prometheus" in services["grafana"]["depends_on"]


def test_every_mounted_host_path_exists(services: dict[str, Any]) -> None:
    named = set(load(COMPOSE).get("volumes") or {})
    checked = 0
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            if source in named:
                continue
            assert source.startswith(("./", "../", "/")), f"{name}: unknown volume {source}"
            assert (ROOT / source).exists(), f"{name} mounts {source}, which is not in the repo"
            checked += 1
    assert checked >= 6


def test_kafka_is_one_kraft_node_with_the_local_stack_version(services: dict[str, Any]) -> None:
    kafka = services["kafka"]
    pinned = re.search(r"^KAFKA_VERSION=(\S+)$", STACK_SCRIPT.read_text(), re.MULTILINE)
    assert pinned is not None
    assert kafka["image"] == f"apache/kafka:{pinned.group(1)}"
    conf = env(kafka)
    assert conf["KAFKA_NODE_ID"] == "1"
    assert conf["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "DOCKER://kafka:19092" in conf["KAFKA_ADVERTISED_LISTENERS"]
    assert "://localhost:9092" in conf["KAFKA_ADVERTISED_LISTENERS"]
    assert conf["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert conf["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert conf["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"


def test_worker_runs_the_product_inside_compose(services: dict[str, Any]) -> None:
    worker = services["worker"]
    assert worker["build"] == "."
    assert worker["command"] == ["reachability", "worker"]
    conf = env(worker)
    assert conf["REACHABILITY_KAFKA_BOOTSTRAP"] == "kafka:19092"
    assert conf["REACHABILITY_REDIS_URL"] == "redis://redis:6379/0"
    assert worker["healthcheck"]["test"] == ["CMD", "reachability", "check"]


def test_redis_keeps_an_append_only_file(services: dict[str, Any]) -> None:
    command = services["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"


def scrape_targets(config: dict[str, Any]) -> list[str]:
    (job,) = [job for job in config["scrape_configs"] if job["job_name"] == "reachability"]
    assert job["scrape_interval"] == "5s"
    return [target for static in job["static_configs"] for target in static["targets"]]


def alert_targets(config: dict[str, Any]) -> list[str]:
    return [
        target
        for manager in config["alerting"]["alertmanagers"]
        for static in manager["static_configs"]
        for target in static["targets"]
    ]


def test_prometheus_configs_scrape_the_worker() -> None:
    local = load(ROOT / "deploy" / "prometheus" / "prometheus.yml")
    docker = load(ROOT / "deploy" / "prometheus" / "prometheus.docker.yml")
    assert scrape_targets(local) == ["127.0.0.1:6066"]
    assert scrape_targets(docker) == ["worker:6066"]
    assert alert_targets(local) == ["127.0.0.1:9093"]
    assert alert_targets(docker) == ["alertmanager:9093"]
    assert local["rule_files"] == docker["rule_files"] == ["rules/*.yml"]


def test_alertmanager_routes_by_department() -> None:
    config = load(ROOT / "deploy" / "alertmanager" / "alertmanager.yml")
    route = config["route"]
    assert route["group_by"] == ["alertname", "department"]
    receivers = {receiver["name"]: receiver for receiver in config["receivers"]}
    assert route["receiver"] in receivers
    routed = {}
    for child in route["routes"]:
        (matcher,) = child["matchers"]
        routed[matcher.replace(" ", "")] = child["receiver"]
    # Every department of the example directory has its own route and receiver.
    directory = load(ROOT / "deploy" / "config" / "directory.yaml")
    assert routed == {f'department="{d["id"]}"': d["id"] for d in directory["departments"]}
    for receiver in receivers.values():
        for hook in receiver["webhook_configs"]:
            assert hook["send_resolved"] is True


def test_grafana_is_provisioned() -> None:
    provisioning = ROOT / "deploy" / "grafana" / "provisioning"
    (source,) = load(provisioning / "datasources" / "prometheus.yml")["datasources"]
    assert source["uid"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    (provider,) = load(provisioning / "dashboards" / "dashboards.yml")["providers"]
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"


def test_dockerfile_runs_the_worker_as_a_non_root_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert re.search(r"^RUN pip install \. ", dockerfile, re.MULTILINE)
    assert re.search(r"^USER (?!root)\S+$", dockerfile, re.MULTILINE)
    assert re.search(r"^EXPOSE 6066$", dockerfile, re.MULTILINE)
    assert 'CMD ["reachability", "check"]' in dockerfile
    assert dockerfile.rstrip().endswith('CMD ["reachability", "worker"]')

"""The local stack answers as the product needs it: Kafka with both clients, Redis, Prometheus,
Alertmanager, and the configuration files those tools validate."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator

import pytest
import redis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka import TopicPartition as KafkaTopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.errors import KafkaTimeoutError

from tests.stack import ROOT, StackInfo

pytestmark = pytest.mark.integration

PARTITIONS = 3
PER_PARTITION = 10


def payloads(client: str) -> list[tuple[int, bytes, bytes]]:
    """(partition, key, value) for every record a test sends: PER_PARTITION to each partition."""
    return [
        (i % PARTITIONS, f"key-{i}".encode(), f"{client}-{i}".encode())
        for i in range(PARTITIONS * PER_PARTITION)
    ]


@pytest.fixture
def admin(stack: StackInfo) -> Iterator[KafkaAdminClient]:
    client = KafkaAdminClient(bootstrap_servers=stack.bootstrap, client_id="test-stack")
    yield client
    client.close()


@pytest.fixture
def topic(admin: KafkaAdminClient, unique_id: str) -> Iterator[str]:
    """A fresh topic with PARTITIONS partitions, deleted afterwards."""
    name = f"{unique_id}.stack"
    admin.create_topics([NewTopic(name, num_partitions=PARTITIONS, replication_factor=1)])
    deadline = time.monotonic() + 30
    while True:
        (described,) = admin.describe_topics([name])
        leaders = [p["leader_id"] for p in described["partitions"]]
        if described["error_code"] == 0 and len(leaders) == PARTITIONS and min(leaders) >= 0:
            break
        assert time.monotonic() < deadline, f"topic {name} has no leaders: {described}"
        time.sleep(0.2)
    yield name
    admin.delete_topics([name])


def test_topic_has_three_partitions(admin: KafkaAdminClient, topic: str) -> None:
    (described,) = admin.describe_topics([topic])
    assert sorted(p["partition_index"] for p in described["partitions"]) == [0, 1, 2]


def test_kafka_python_round_trip(stack: StackInfo, topic: str, unique_id: str) -> None:
    sent = payloads("kafka-python")
    producer = KafkaProducer(bootstrap_servers=stack.bootstrap, acks="all")
    for partition, key, value in sent:
        producer.send(topic, key=key, value=value, partition=partition)
    producer.flush()
    producer.close()

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=stack.bootstrap,
        group_id=f"{unique_id}.kafka-python",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=20_000,
    )
    received = []
    for message in consumer:
        received.append((message.partition, message.key, message.value))
        if len(received) == len(sent):
            break
    consumer.commit()
    committed = {p: consumer.committed(KafkaTopicPartition(topic, p)) for p in range(PARTITIONS)}
    consumer.close()

    assert sorted(received) == sorted(sent)
    assert committed == dict.fromkeys(range(PARTITIONS), PER_PARTITION)


@pytest.mark.asyncio
async def test_aiokafka_round_trip_with_group_commit(
    stack: StackInfo, topic: str, unique_id: str
) -> None:
    sent = payloads("aiokafka")
    producer = AIOKafkaProducer(bootstrap_servers=stack.bootstrap, acks="all")
    await producer.start()
    try:
        for partition, key, value in sent:
            await producer.send_and_wait(topic, key=key, value=value, partition=partition)
    finally:
        await producer.stop()

    group = f"{unique_id}.aiokafka"
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=stack.bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    received = []
    try:
        deadline = time.monotonic() + 30
        while len(received) < len(sent) and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for messages in batches.values():
                received += [(m.partition, m.key, m.value) for m in messages]
        await consumer.commit()
        committed = {
            p: await consumer.committed(TopicPartition(topic, p)) for p in range(PARTITIONS)
        }
    finally:
        await consumer.stop()

    assert sorted(received) == sorted(sent)
    assert Counter(partition for partition, _, _ in received) == dict.fromkeys(
        range(PARTITIONS), PER_PARTITION
    )
    assert committed == dict.fromkeys(range(PARTITIONS), PER_PARTITION)

    # A new member of the group resumes after the commit: it sees only what came later.
    producer = AIOKafkaProducer(bootstrap_servers=stack.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, key=b"late", value=b"after-commit", partition=1)
    finally:
        await producer.stop()
    resumed = AIOKafkaConsumer(
        topic, bootstrap_servers=stack.bootstrap, group_id=group, auto_offset_reset="earliest"
    )
    await resumed.start()
    try:
        message = await resumed.getone()
        assert (message.partition, message.offset, message.value) == (1, 10, b"after-commit")
        assert await resumed.getmany(timeout_ms=1000) == {}
    finally:
        await resumed.stop()


def test_kafka_does_not_create_topics_on_demand(
    stack: StackInfo, admin: KafkaAdminClient, unique_id: str
) -> None:
    (broker,) = admin.describe_cluster()["brokers"]
    broker_id = str(broker["broker_id"])
    resource = ConfigResource(ConfigResourceType.BROKER, broker_id)
    configs = admin.describe_configs([resource], config_filter="all")
    assert configs["broker"][broker_id]["auto.create.topics.enable"]["value"] == "false"

    missing = f"{unique_id}.no-such-topic"
    producer = KafkaProducer(bootstrap_servers=stack.bootstrap, max_block_ms=3000)
    try:
        with pytest.raises(KafkaTimeoutError):
            producer.send(missing, value=b"x").get(timeout=5)
    finally:
        producer.close(timeout=5)
    assert missing not in admin.list_topics()


def test_redis_round_trip(stack: StackInfo, unique_id: str) -> None:
    client = redis.Redis.from_url(stack.redis_url)
    key = f"{unique_id}:counter"
    try:
        assert client.set(f"{key}:name", "burgerzaken") is True
        assert client.get(f"{key}:name") == b"burgerzaken"
        assert client.incr(key) == 1
        assert client.incrby(key, 41) == 42
        assert client.config_get("appendonly") == {"appendonly": "yes"}
    finally:
        client.delete(key, f"{key}:name")
        client.close()


def http_status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return int(response.status)


def test_prometheus_is_ready_and_its_config_is_valid(stack: StackInfo) -> None:
    assert http_status(f"{stack.prometheus_url}/-/ready") == 200
    checked = subprocess.run(
        ["promtool", "check", "config", str(ROOT / "deploy/prometheus/prometheus.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_alertmanager_is_ready_and_its_config_is_valid(stack: StackInfo) -> None:
    assert http_status(f"{stack.alertmanager_url}/-/ready") == 200
    amtool = shutil.which("amtool")
    if amtool is None:
        pytest.skip("amtool is not installed (Debian ships it in prometheus-alertmanager)")
    checked = subprocess.run(
        [amtool, "check-config", str(ROOT / "deploy/alertmanager/alertmanager.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

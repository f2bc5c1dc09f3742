# The reachability worker (and every other `reachability` command) as an image.
#   docker build -t reachability .
#   docker run --rm reachability reachability --help
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REACHABILITY_DIRECTORY=/etc/reachability/directory.yaml

WORKDIR /src
COPY pyproject.toml README.md ./
COPY processor/ processor/
COPY schemas/ schemas/
RUN pip install . && rm -rf /src

# The example directory; mount your own over /etc/reachability (docker-compose.yml does).
COPY deploy/config/directory.yaml /etc/reachability/directory.yaml

# A home the unprivileged user owns (Faust keeps an empty data folder in the temp dir).
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/reachability reachability
USER reachability
WORKDIR /var/lib/reachability

EXPOSE 6066
# Exit 0 while the worker's heartbeat in Redis is fresh (spec 9).
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 \
    CMD ["reachability", "check"]
CMD ["reachability", "worker"]

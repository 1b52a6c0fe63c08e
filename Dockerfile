# syntax=docker/dockerfile:1
# compute-advisor: the Slack app (Socket Mode or HTTP) and its weekly digest.
# No secret is baked in: pass SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET and the
# rest at run time (docker run --env-file). State lives in /var/lib/compute-advisor (SQLite by
# default): mount a volume there, or set DATABASE_URL to PostgreSQL.

# Build stage: the project and every dependency as wheels, so the final stage needs no compiler.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[postgres]"

# Final stage: the installed wheels and nothing else, run by an unprivileged user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin advisor \
    && install --directory --owner=advisor --group=advisor /var/lib/compute-advisor
# Mounted rather than copied, so the wheels never become a layer of the image.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl
WORKDIR /var/lib/compute-advisor
USER 10001:10001
EXPOSE 3000
CMD ["compute-advisor", "run"]

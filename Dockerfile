# The dateline API image: `docker build -t dateline .` then `docker run -p 8000:8000 dateline`.
# Without DATELINE_DATABASE_URL the service runs its embedded PostgreSQL under /data (mount a volume there).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATELINE_DATA_DIR=/data

WORKDIR /app
COPY . /app
# Editable, so the top-level migrations/ folder stays next to the package where alembic finds it.
RUN pip install -e . \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dateline \
 && mkdir /data \
 && chown dateline /data

# Postgres refuses to run as root, and the API has no need for it either.
USER dateline
EXPOSE 8000
CMD ["dateline", "serve", "--host", "0.0.0.0"]

# The worker image used by docker-compose.yml.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY models ./models
COPY streams ./streams
RUN pip install --no-cache-dir .
# Build the gazetteer index into the image so a worker starts in a second, not ~10 s.
ENV INCIDENTS_CACHE_DIR=/app/.cache
RUN python -m streams.extract.geo_index
COPY samples ./samples
RUN useradd --system --home /app incidents && mkdir -p /data && chown incidents /data
USER incidents
ENV DATA_DIR=/data WEB_HOST=0.0.0.0 WEB_PORT=6066
EXPOSE 6066
CMD ["incidents", "worker"]

"""gunicorn settings for the Quid API: `gunicorn -c deploy/gunicorn.conf.py 'server:create_app()'`."""

import multiprocessing
import os

bind = os.environ.get("QUID_BIND", "127.0.0.1:8000")
# Requests are short and mostly database-bound; a few workers per core is plenty, and SQLite
# serialises writers anyway, so more workers would only queue on its lock.
workers = int(os.environ.get("QUID_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("QUID_THREADS", 1))
timeout = int(os.environ.get("QUID_WORKER_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Each worker opens its own database connections after the fork.
preload_app = False
# An empty QUID_ACCESS_LOG turns the access log off.
accesslog = os.environ.get("QUID_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("QUID_LOG_LEVEL", "info")
# Behind a reverse proxy on the same host, trust its X-Forwarded-* headers (the scheme here;
# the client address, which sign-ins are throttled by, needs QUID_PROXY_COUNT in the app).
forwarded_allow_ips = os.environ.get("QUID_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and header limits well above what the app sends, below abuse. gunicorn
# refuses a request past them itself; these workers send that refusal, like every other,
# in the API's JSON error shape (server/gunicorn_workers.py).
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100
worker_class = (
    "server.gunicorn_workers.ThreadWorkerWithJsonErrors"
    if threads > 1
    else "server.gunicorn_workers.SyncWorkerWithJsonErrors"
)

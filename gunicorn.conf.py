"""gunicorn settings for Solace's web processes: `gunicorn -c gunicorn.conf.py app:app`.

Every value comes from the environment, so the Procfile line stays the same everywhere
(docs/operations.md):

    BIND (or HOST and PORT)   where to listen; default 127.0.0.1:8000, behind a proxy
    WEB_CONCURRENCY           web processes; default two per core plus one, at most 8
    GUNICORN_THREADS          threads per process; default 1 (searches are CPU-bound)
    GUNICORN_TIMEOUT          seconds a request may take before its process is replaced
    GUNICORN_MAX_REQUESTS     requests before a process is replaced (memory stays flat)
"""

import os

from directory.config import web_concurrency

bind = os.environ.get("BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = web_concurrency()
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# Each process builds its own app, database pool and search reader after the fork:
# nothing opened in the master is shared by accident, and a new release reloads cleanly.
preload_app = False

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, requests in flight get this long to finish before their process stops.
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a disk that may stall (only gunicorn writes there).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

# The access log leaves out the query string, the client's address and user agent:
# what someone searched for is nobody's business, our logs included (docs/design.md).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Trust X-Forwarded-Proto from the proxy on this host only; the app's PROXY_FIX_* settings
# decide about client addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker):
    """Warm each new web process before it accepts a request (directory/web.py)."""
    from directory.web import warm_up

    warm_up(worker.wsgi)

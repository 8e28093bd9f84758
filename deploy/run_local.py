"""`make prod-local`: the production layout on this machine, behind nginx, without TLS.

Starts what deploy/systemd/ starts — gunicorn for pages on 8001, two SOCKETS_ONLY uvicorn
processes on 8101 and 8102, the worker — and nginx on PORT (8080) with the site of
deploy/nginx/samendenk.conf made local (plain HTTP, media from ./media). Needs
DATABASE_URL and REDIS_URL (several processes share events and sessions through Redis)
and nginx (`apt-get install nginx-light`). Ctrl-C stops everything.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "deploy" / "nginx" / "samendenk.conf"
PAGES_PORT, SOCKET_PORTS = 8001, (8101, 8102)


def local_site(conf: str, *, port: int, media: Path) -> str:
    """The production nginx site as a plain-HTTP site on ``port``: the same upstreams and
    locations, no certificates, no redirect to https, images from ``media`` (a folder
    named media, as MEDIA_ROOT in the checkout)."""
    conf = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", conf, flags=re.S)
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    conf = re.sub(r"\n    ssl_certificate[^\n]*", "", conf)
    conf = re.sub(r"server_name [^;]+;", "server_name 127.0.0.1 localhost;", conf)
    return conf.replace("root /srv/samendenk;", f"root {media.parent};")


def nginx_conf(folder: Path, site: str) -> str:
    temp = "\n".join(
        f"    {name}_temp_path {folder / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder / "access.log"};
{temp}
{site}
}}
"""


def environment(port: int) -> dict[str, str]:
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        sys.exit(f"Zet eerst {' en '.join(missing)} (zie README, Production).")
    site_url = f"http://127.0.0.1:{port}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "local-production-layout-only"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": site_url,
        "SITE_URL": site_url,
        # Testing without TLS: no redirect to https, cookies also over plain HTTP.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(ROOT / "media"),
    }


def commands() -> list[tuple[str, list[str], dict[str, str]]]:
    bin_dir = Path(sys.executable).parent
    pages = [str(bin_dir / "gunicorn"), "website.wsgi:application", "--workers", "3"]
    pages += ["--bind", f"127.0.0.1:{PAGES_PORT}"]
    processes = [("pages", pages, {})]
    for socket_port in SOCKET_PORTS:
        sockets = [str(bin_dir / "uvicorn"), "website.asgi:application", "--host", "127.0.0.1"]
        sockets += ["--port", str(socket_port), "--ws-per-message-deflate", "false"]
        sockets += ["--ws-max-size", "262144", "--no-access-log"]
        processes.append((f"sockets {socket_port}", sockets, {"SOCKETS_ONLY": "true"}))
    processes.append(("worker", [sys.executable, "manage.py", "worker"], {}))
    return processes


def main() -> None:
    port = int(os.environ.get("PORT", "8080"))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        sys.exit("nginx ontbreekt: apt-get install nginx-light")
    env = environment(port)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    folder = Path(tempfile.mkdtemp(prefix="samendenk-nginx-"))
    site = local_site(SITE_CONF.read_text(), port=port, media=ROOT / "media")
    (folder / "nginx.conf").write_text(nginx_conf(folder, site))
    running = []
    try:
        for name, command, extra in commands():
            print(f"start {name}: {' '.join(command)}", flush=True)
            running.append(subprocess.Popen(command, cwd=ROOT, env={**env, **extra}))
        nginx_command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
        running.append(subprocess.Popen([*nginx_command, "-g", "daemon off;"]))
        print(f"Samendenk (productie-opzet) draait op http://127.0.0.1:{port}/ (Ctrl-C stopt)")
        while all(p.poll() is None for p in running):
            time.sleep(0.5)
        print("Een proces stopte; alles wordt gestopt.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for process in running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

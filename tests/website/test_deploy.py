"""deploy/: the systemd units and nginx site say what the README says (paths, ports)."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.run_local import SOCKET_PORTS, local_site

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "systemd" / name)
    return parser


def exec_start(name: str) -> list[str]:
    return shlex.split(unit(name)["Service"]["ExecStart"])


def nginx_site() -> str:
    return (DEPLOY / "nginx" / "samendenk.conf").read_text()


def test_every_unit_runs_from_the_readme_folder_with_one_environment_file():
    names = ["samendenk-pages.service", "samendenk-sockets@.service", "samendenk-worker.service"]
    for name in names:
        service = unit(name)["Service"]
        assert service["WorkingDirectory"] == "/srv/samendenk"
        assert service["EnvironmentFile"] == "/etc/samendenk/samendenk.env"
        assert service["Restart"] == "always"
        assert exec_start(name)[0].startswith("/srv/samendenk/.venv/bin/")
    assert "/srv/samendenk" in README and "/etc/samendenk/samendenk.env" in README


def test_page_unit_is_the_readme_gunicorn_command():
    command = exec_start("samendenk-pages.service")
    assert command[0].endswith("/gunicorn") and "website.wsgi:application" in command
    bind = command[command.index("--bind") + 1]
    assert bind == "127.0.0.1:8001"
    assert "gunicorn website.wsgi:application --workers 5 --bind 127.0.0.1:8001" in README


def test_socket_unit_is_a_sockets_only_uvicorn_per_port():
    service = unit("samendenk-sockets@.service")["Service"]
    assert service["Environment"] == "SOCKETS_ONLY=true"
    command = exec_start("samendenk-sockets@.service")
    assert command[0].endswith("/uvicorn") and "website.asgi:application" in command
    assert command[command.index("--port") + 1] == "%i"
    assert command[command.index("--ws-per-message-deflate") + 1] == "false"
    assert int(service["LimitNOFILE"]) >= 65536
    for port in SOCKET_PORTS:
        assert f"samendenk-sockets@{port}" in README


def test_worker_unit_runs_the_worker_command():
    assert exec_start("samendenk-worker.service")[-2:] == ["manage.py", "worker"]


def test_nginx_site_upgrades_ws_unbuffered_and_limits_bodies():
    site = nginx_site()
    upstreams = dict(re.findall(r"upstream (\w+) \{([^}]*)\}", site))
    assert re.findall(r"server ([\d.:]+);", upstreams["samendenk_pages"]) == ["127.0.0.1:8001"]
    assert re.findall(r"server ([\d.:]+);", upstreams["samendenk_live"]) == [
        f"127.0.0.1:{port}" for port in SOCKET_PORTS
    ]
    ws = re.search(r"location /ws/ \{(.*?)\}", site, re.S).group(1)
    assert "proxy_pass http://samendenk_live;" in ws
    assert "proxy_http_version 1.1;" in ws
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert 'proxy_set_header Connection "upgrade";' in ws
    assert "proxy_buffering off;" in ws
    assert re.search(r"client_max_body_size \d+m;", site)
    images = re.search(r"location ~ \^/media/\(images\|original_images\)/ \{(.*?)\}", site, re.S)
    assert "root /srv/samendenk;" in images.group(1)
    assert "/media/documents" not in site and "location /media/" not in site


def test_readme_shows_the_deployed_nginx_site_verbatim():
    blocks = re.findall(r"```nginx\n(.*?)```", README, re.S)
    assert blocks == [nginx_site()]


def test_local_layout_is_the_same_site_over_plain_http(tmp_path):
    local = local_site(nginx_site(), port=8080, media=tmp_path / "media")
    assert "listen 127.0.0.1:8080;" in local
    assert "ssl" not in local and "return 301" not in local
    assert re.search(r"location /ws/ \{(.*?)\}", local, re.S).group(1) == re.search(
        r"location /ws/ \{(.*?)\}", nginx_site(), re.S
    ).group(1)
    if shutil.which("nginx"):
        from deploy.run_local import nginx_conf

        (tmp_path / "nginx.conf").write_text(nginx_conf(tmp_path, local))
        check = subprocess.run(
            ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_sets_site_url_from_port():
    def site_url(**env):
        show = 'show-site-url: ; @echo "$$SITE_URL"'
        result = subprocess.run(
            ["make", "-s", "--no-print-directory", "--eval", show, "show-site-url"],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert site_url(PORT="8102") == "http://127.0.0.1:8102"
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8102", SITE_URL="https://samendenk.nl") == "https://samendenk.nl"

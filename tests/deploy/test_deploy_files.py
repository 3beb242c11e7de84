"""The deployment files, checked as far as this machine allows (no Docker engine here):
they parse, every command they name exists, nginx accepts the sites, queues have workers."""

from __future__ import annotations

import configparser
import os
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def app_commands() -> list[list[str]]:
    """Every command line run from our image, in compose and in the systemd units."""
    commands = []
    for service in compose()["services"].values():
        if service.get("image", "").startswith("factory-eval") and "command" in service:
            command = service["command"]
            if command[:2] == ["sh", "-c"]:
                commands += [shlex.split(part) for part in command[2].split("&&")]
            else:
                commands.append(command)
    for unit in UNITS:
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(unit)
        commands.append(shlex.split(parser["Service"]["ExecStart"]))
    return commands


def test_compose_services_and_environment():
    services = compose()["services"]
    assert {
        "web",
        "worker-compute",
        "worker-documents",
        "beat",
        "postgres",
        "redis",
        "nginx",
        "migrate",
    } <= set(services)
    example = dict(
        line.split("=", 1)
        for line in (DEPLOY / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"} <= set(example)
    assert example["DEBUG"] == "0"
    assert "--appendonly" in services["redis"]["command"]  # queued tasks survive a restart


@pytest.mark.parametrize("command", app_commands(), ids=lambda command: " ".join(command[:4]))
def test_every_command_exists(command):
    program = Path(command[0]).name
    if program == "python":
        assert command[1] == "manage.py"
        assert command[2] in get_commands(), f"no management command {command[2]}"
        return
    assert (BIN / program).exists() or shutil.which(program), f"{program} is not installed"
    if "-c" in command and program == "gunicorn":
        assert (ROOT / command[command.index("-c") + 1]).exists()
    if program == "celery":
        assert command[command.index("-A") + 1] == "factory_eval"


def test_every_routed_queue_has_a_worker():
    consumed = set()
    for command in app_commands():
        if Path(command[0]).name == "celery" and "worker" in command:
            queue = command[command.index("-Q") + 1]
            consumed |= {"compute", "documents"} if queue == "%i" else set(queue.split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= consumed


def test_dockerfile_installs_what_the_code_needs():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-wqy-zenhei"):
        assert package in dockerfile
        if shutil.which("apt-cache"):
            found = subprocess.run(["apt-cache", "show", package], capture_output=True)
            assert found.returncode == 0, f"no Debian package {package}"
    assert "requirements.lock" in dockerfile and (ROOT / "requirements.lock").exists()
    assert "USER factory" in dockerfile  # never run as root
    assert "SECRET_KEY=build-time-only" in dockerfile and "collectstatic" in dockerfile


def test_units_are_hardened():
    for unit in UNITS:
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(unit)
        service = parser["Service"]
        assert service["User"] == "factory-eval"
        assert service["NoNewPrivileges"] == "true"
        assert service["EnvironmentFile"] == "/etc/factory-eval/env"
        assert parser["Install"]["WantedBy"] == "multi-user.target"


def _self_signed(directory: Path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "factory-eval.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (directory / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.mark.parametrize("site", ["factory-eval.conf", "compose.conf"])
def test_nginx_accepts_the_site(site, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed (scripts/test installs nginx-light)")
    _self_signed(tmp_path)
    common = (DEPLOY / "nginx" / "_common.conf").read_text()
    (tmp_path / "common.conf").write_text(common)
    text = (DEPLOY / "nginx" / site).read_text()
    for include in (
        "/etc/nginx/snippets/factory-eval-common.conf",
        "/etc/nginx/conf.d/factory-eval-common.conf",
    ):
        text = text.replace(include, str(tmp_path / "common.conf"))
    text = text.replace("/etc/ssl/factory-eval", str(tmp_path))
    text = text.replace("server web:8000", "server 127.0.0.1:8000")  # no compose DNS here
    (tmp_path / "site.conf").write_text(text)
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {temp["body"]};
  proxy_temp_path {temp["proxy"]};
  fastcgi_temp_path {temp["fastcgi"]};
  uwsgi_temp_path {temp["uwsgi"]};
  scgi_temp_path {temp["scgi"]};
  include {tmp_path}/site.conf;
}}
""")
    checked = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="factory-eval.example.cn",
        FACTORY_EVAL_VAR_DIR=str(tmp_path),
        CACHE_URL="redis://127.0.0.1:6379/1",
    )  # as deploy/.env.example sets it
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(DEBUG="0", FACTORY_EVAL_VAR_DIR=str(tmp_path))
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode != 0
    assert "SECRET_KEY must be set" in checked.stderr

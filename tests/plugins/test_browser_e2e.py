"""End to end in real headless Chromium: the unpacked extension pairs and fills a form.

Chromium loads `plugins/browser_autofill/extension`, finds the native host
through a manifest in this test's own config dir, and the host (a launcher
running `app.browser_host` on this test's data dir and test keyring) answers
from memories imported here. Skips, saying why, where Chromium, its driver or
selenium is missing (`.ci/run` installs them).
"""
from __future__ import annotations

import http.server
import json
import shutil
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app.browser_install import EXTENSION_DIR, install
from remembrancer.app.browser_pairing import Pairings
from remembrancer.app.context import AppContext
from tests.helpers import record, write_jsonl
from tests.file_keyring import PATH_ENV

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e .[test])")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER), reason="Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)"
)

PAGE = """<!doctype html><html><head><title>Sign up</title></head><body>
<form id="signup">
  <label for="first">First name</label> <input id="first" name="first" autocomplete="given-name"><br>
  <label for="mail">Email</label> <input id="mail" name="mail" type="email"><br>
  <label for="town">City</label> <input id="town" name="town"><br>
  <label for="pw">Password</label> <input id="pw" name="pw" type="password"><br>
  <label for="card">Card</label> <input id="card" name="card" autocomplete="cc-number"><br>
  <button type="submit">Sign up</button>
</form></body></html>"""

CHAT = [
    record("m1", "Hi! My name is Ana Lima.", "Ana", "intro", "2024-03-01T10:00:00", role="user"),
    record("m2", "My email is ana.lima@example.org if you need it.", "Ana", "intro", "2024-03-01T10:01:00", role="user"),
    record("m3", "I live in Lisbon now, near the river.", "Ana", "intro", "2024-03-01T10:02:00", role="user"),
    record("m4", "My card is 4111 1111 1111 1111 and my password is Tr0ub4dor&3.", "Ana", "intro", "2024-03-01T10:03:00", role="user"),
]


@pytest.fixture
def page_url() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/signup"
    server.shutdown()


def _launcher(folder: Path, data_dir: Path, keyring_file: str) -> Path:
    """What the manifest starts: the host on this test's data dir, keyring and fake embedder."""
    script = folder / "host.sh"
    script.write_text(
        "#!/bin/sh\n"
        f"export PYTHONPATH='{ROOT}' REMEMBRANCER_EMBEDDER=fake {PATH_ENV}='{keyring_file}' "
        "PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring\n"
        f"exec '{sys.executable}' -m remembrancer.app.browser_host --data-dir '{data_dir}' \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _chromium(home: Path, profile: Path) -> object:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
        f"--load-extension={EXTENSION_DIR}", f"--disable-extensions-except={EXTENSION_DIR}",
    ):
        options.add_argument(flag)
    service = Service(CHROMEDRIVER, env={"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "PATH": "/usr/bin:/bin"})
    return webdriver.Chrome(service=service, options=options)


def test_extension_pairs_and_fills_a_form_after_confirmation(tmp_path: Path, data_dir: Path, page_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    ctx = AppContext(data_dir)
    try:
        ctx.memory().import_path(write_jsonl(tmp_path / "chat.jsonl", CHAT))
    finally:
        ctx.close()
    home, profile = tmp_path / "home", tmp_path / "profile"
    launcher = _launcher(tmp_path, data_dir, str(tmp_path / "keyring.json"))
    install("chromium", launcher, home=home)                          # ~/.config/chromium/NativeMessagingHosts
    (profile / "NativeMessagingHosts").mkdir(parents=True)           # and the profile's own folder
    shutil.copy(home / ".config/chromium/NativeMessagingHosts/org.remembrancer.browser_host.json", profile / "NativeMessagingHosts")

    driver = _chromium(home, profile)
    try:
        wait = WebDriverWait(driver, 60)
        driver.get(page_url)
        wait.until(ec.frame_to_be_available_and_switch_to_it((By.ID, "remembrancer-autofill-panel")))
        wait.until(ec.element_to_be_clickable((By.ID, "suggest"))).click()
        code = wait.until(lambda d: d.find_element(By.ID, "pair-code").text.strip())
        Pairings(data_dir).approve(code)                              # the user approves in the app
        rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#rows li") or False)
        shown = {row.get_attribute("data-field"): row.text for row in rows}
        assert set(shown) == {"first", "mail", "town"}                # password and card were never described
        # where the value comes from, as a person reads it: the sentence and its date, not ids (#18 item 4)
        assert "Ana" in shown["first"] and "%" in shown["first"] and "you said on 1 Mar 2024" in shown["first"]
        assert "My name is Ana" in shown["first"] and "m1" not in shown["first"]
        driver.switch_to.default_content()
        assert driver.find_element(By.ID, "first").get_attribute("value") == ""  # nothing before the confirm
        driver.switch_to.frame(driver.find_element(By.ID, "remembrancer-autofill-panel"))
        driver.find_element(By.ID, "fill").click()
        wait.until(lambda d: "Filled 3 fields" in d.find_element(By.ID, "message-text").text)
        driver.switch_to.default_content()
        values = {name: driver.find_element(By.ID, name).get_attribute("value") for name in ("first", "mail", "town", "pw", "card")}
    finally:
        driver.quit()
    assert values == {"first": "Ana", "mail": "ana.lima@example.org", "town": "Lisbon", "pw": "", "card": ""}
    log = [json.loads(line) for line in (data_dir / "browser" / "log.jsonl").read_text().splitlines()]
    assert log[-1]["event"] == "filled" and sorted(log[-1]["accepted"]) == ["first", "mail", "town"]
    assert log[-1]["site"] == page_url.rsplit("/", 1)[0]

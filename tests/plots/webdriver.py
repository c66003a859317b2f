"""A tiny W3C WebDriver client on the standard library, for Debian's
chromedriver (package chromium-driver) driving headless /usr/bin/chromium.
Only what the report tests need: open a page, find elements, real clicks and
key presses, pointer moves, run a script, screenshots."""
import base64
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element key


class WebDriverError(Exception):
    pass


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One chromedriver process and one Chromium session with a fresh profile."""

    def __init__(self, width=1280, height=2000, scratch=None):
        self.scratch = scratch or tempfile.mkdtemp(prefix="cisim-webdriver-")
        self.port = _free_port()
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if self._call("GET", "/status")["value"].get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline or self.driver.poll() is not None:
                self.driver.kill()
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.1)
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.scratch)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},{height}",
                                                 "--hide-scrollbars"]}}}}
        try:
            self.session = self._call("POST", "/session", caps)["value"]["sessionId"]
        except BaseException:
            self.driver.kill()
            raise

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raise WebDriverError(f"{method} {path}: {e.read().decode('utf-8', 'replace')[:500]}") from None

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)["value"]

    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def find(self, css):
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, element):
        self.cmd("POST", f"/element/{element}/click", {})

    def type(self, element, text):
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def text(self, element):
        return self.cmd("GET", f"/element/{element}/text")

    def run(self, script, *args):
        """Runs `script` (a function body; `arguments` holds args) and returns its value."""
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def move_to(self, element, dx=0, dy=0):
        """A real pointer move to the element's centre plus (dx, dy)."""
        self.cmd("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse",
                                                   "parameters": {"pointerType": "mouse"},
                                                   "actions": [{"type": "pointerMove", "duration": 0,
                                                                "origin": {ELEMENT: element}, "x": dx, "y": dy}]}]})

    def screenshot(self):
        """PNG bytes of the viewport."""
        return base64.b64decode(self.cmd("GET", "/screenshot"))

    def quit(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        except (OSError, WebDriverError):
            pass
        finally:
            self.driver.terminate()
            try:
                self.driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.driver.kill()


def available():
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)

#!/usr/bin/env python3
"""Opens a report.html in headless Chromium and checks what a person would see.

Usage: scripts/browser-test.py REPORT_HTML CLAIMS_JSON SCREENSHOT_PNG

Drives Chromium over the DevTools protocol on --remote-debugging-pipe (standard library only) and
checks that the page logs no console error and throws no exception, has one claims row per claim in
CLAIMS_JSON, and draws every chart (each canvas has painted pixels) once every claim's evidence is
opened. Saves a screenshot of the page's top to SCREENSHOT_PNG. Prints one line per check and a
closing "N passed, N failed" line; exit status 1 when a check fails, 2 on bad input.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """A headless Chromium spoken to over its DevTools pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        os.set_inheritable(to_chrome_r, True)
        os.set_inheritable(from_chrome_w, True)

        def wire():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
             "--user-data-dir=" + profile, "--remote-debugging-pipe", "--window-size=1400,1000",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(method + ": " + json.dumps(reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)
        raise RuntimeError(method + ": no reply in %d s" % timeout)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, session, timeout=60):
        deadline = time.time() + timeout
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while time.time() < deadline:
            event = self.read()
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        raise RuntimeError("no " + method + " in %d s" % timeout)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def evaluate(browser, session, expression):
    result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True}, session)
    if "exceptionDetails" in result:
        raise RuntimeError("evaluate failed: " + json.dumps(result["exceptionDetails"])[:400])
    return result["result"].get("value")


CHART_CHECK = """(() => {
  const canvases = Array.from(document.querySelectorAll("canvas.chart"));
  return canvases.map(c => {
    const ctx = c.getContext("2d");
    let painted = 0;
    if (c.width > 0 && c.height > 0) {
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    }
    return {id: c.dataset.panel || c.dataset.claim, bars: c.dataset.bars || null, width: c.width,
            height: c.height, painted};
  });
})()"""


def main(argv):
    if len(argv) != 4:
        print("usage: scripts/browser-test.py REPORT_HTML CLAIMS_JSON SCREENSHOT_PNG", file=sys.stderr)
        return 2
    page, claims_path, screenshot = argv[1:]
    if not os.path.isfile(page):
        print(f"browser-test: {page}: no such file; render it with mapheap report DIR", file=sys.stderr)
        return 2
    with open(claims_path) as handle:
        claims = json.load(handle)["claims"]
    binary = chromium_binary()
    if not binary:
        print("browser-test: no chromium on PATH; install Debian's chromium (scripts/setup.sh --browser)",
              file=sys.stderr)
        return 2
    passed, failed = 0, 0

    def check(ok, text):
        nonlocal passed, failed
        print(("ok    " if ok else "FAIL  ") + text)
        if ok:
            passed += 1
        else:
            failed += 1

    profile = tempfile.mkdtemp(prefix="mapheap-chromium-")
    browser = Browser(binary, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            browser.send(domain, session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session)
        browser.send("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session)
        browser.wait_for("Page.loadEventFired", session, timeout=120)
        ready = evaluate(browser, session, "document.body.dataset.ready === 'true'")
        check(ready is True, "the page's script ran to its end")
        rows = evaluate(browser, session, "document.querySelectorAll('#claims-table tr.claim').length")
        check(rows == len(claims), f"claims rows: {rows}, claims in {claims_path}: {len(claims)}")
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session)
        os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
        with open(screenshot, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        print(f"screenshot: {screenshot}")
        evaluate(browser, session, "document.getElementById('open-all').click(); true")
        time.sleep(0.5)
        charts = evaluate(browser, session, CHART_CHECK) or []
        bars = [c for c in charts if c["bars"]]
        panels = [c for c in charts if c.get("id") and not any(c["id"] == claim["id"] for claim in claims)]
        empty = [c.get("id") or "bars of section " + c["bars"] for c in charts if c["painted"] == 0]
        check(len(panels) > 0, f"heap-curve panels drawn: {len(panels)}")
        stated = evaluate(browser, session, "JSON.parse(document.getElementById('data').textContent)"
                          ".claims.reduce((n, c) => n + c.charts.length, 0)")
        claim_charts = len(charts) - len(panels) - len(bars)
        check(claim_charts == stated, f"claim charts: {claim_charts} canvases, {stated} charts in the page's data")
        # The stacked bars of "Where each entry's bytes go": one canvas per bars block in the page's data.
        stated_bars = evaluate(browser, session, "JSON.parse(document.getElementById('data').textContent)"
                               ".sections.reduce((n, s) => n + s.blocks.filter(b => b.kind === 'bars').length, 0)")
        check(len(bars) == stated_bars, f"stacked-bar charts: {len(bars)} canvases, {stated_bars} in the page's data")
        check(not empty, f"every chart painted ({len(charts)} canvases)" + (f"; empty: {empty}" if empty else ""))
        # Hide the first line of the first panel through its legend, as a click would.
        hidden = evaluate(browser, session, """(() => {
          const chart = Chart.getChart(document.querySelector("canvas[data-panel]"));
          const item = chart.legend.legendItems[0];
          chart.options.plugins.legend.onClick(null, item, chart.legend);
          return !chart.isDatasetVisible(item.datasetIndex);
        })()""")
        check(hidden is True, "a legend click hides its line")
        errors = []
        for event in browser.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("exception", {}).get("description")
                              or params["exceptionDetails"].get("text"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(params["entry"].get("text"))
        check(not errors, "no console errors" + (": " + "; ".join(map(str, errors))[:600] if errors else ""))
    except RuntimeError as error:
        check(False, f"browser: {error}")
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Opens an accelbench report in headless Chromium through the DevTools
protocol and checks it: no console errors or exceptions, no network request,
the page script finished, every chart canvas has drawn pixels, an injected
hostname is shown as text and never runs. Saves a full-page screenshot.

usage: report_check.py REPORT.html SCREENSHOT.png"""
import base64, json, os, pathlib, shutil, socket, subprocess, sys, tempfile, time, urllib.request
import websocket  # Debian: python3-websocket

report, screenshot = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2])
browser = shutil.which("chromium") or shutil.which("chromium-browser")
if not browser:
    print("SKIP chromium not found"); sys.exit(77)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
profile = tempfile.mkdtemp()
process = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                            f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
                            "--no-first-run", "--disable-extensions", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "about:blank"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
failures = []
try:
    targets = None
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=1))
            if any(t["type"] == "page" for t in targets): break
        except OSError:
            pass
        time.sleep(0.2)
    page = next(t for t in targets if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
    next_id = [0]
    events = []

    def call(method, **params):
        next_id[0] += 1
        ws.send(json.dumps({"id": next_id[0], "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == next_id[0]:
                if "error" in message: raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            events.append(message)

    for domain in ("Page", "Runtime", "Network", "Log"):
        call(f"{domain}.enable")
    call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
    call("Page.navigate", url=report.as_uri())
    deadline = time.time() + 60
    while time.time() < deadline:
        done = call("Runtime.evaluate", expression="document.body && document.body.getAttribute('data-rendered')",
                    returnByValue=True)["result"].get("value")
        if done == "true": break
        time.sleep(0.3)
    else:
        failures.append("the page script did not finish (data-rendered never set)")
    check = call("Runtime.evaluate", returnByValue=True, expression="""(() => {
        const canvases = [...document.querySelectorAll('canvas')];
        const blank = canvases.filter(c => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false;
          return true;
        }).length;
        return {canvases: canvases.length, blank: blank, pwned: window.__pwned === 1,
                text: document.body.textContent, sections: document.querySelectorAll('h2').length,
                height: document.documentElement.scrollHeight};
    })()""")["result"]["value"]
    time.sleep(0.5)
    call("Runtime.evaluate", expression="1")  # drain pending events
    errors = [e for e in events if e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert"))
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning"))]
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"
                and not e["params"]["request"]["url"].startswith(("file:", "data:", "about:"))]
    if errors: failures.append(f"console errors: {json.dumps(errors)[:800]}")
    if requests: failures.append(f"network requests: {requests}")
    if check["canvases"] == 0: failures.append("no chart")
    if check["blank"]: failures.append(f"{check['blank']} of {check['canvases']} charts are blank")
    if check["pwned"]: failures.append("a <script> from a results file ran")
    expected_text = os.environ.get("REPORT_EXPECT_TEXT")
    if expected_text and expected_text not in check["text"]:
        failures.append(f"the page does not show {expected_text!r} as text")
    call("Emulation.setDeviceMetricsOverride", width=1400, height=min(check["height"], 16000),
         deviceScaleFactor=1, mobile=False)
    shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    print(f"{'ok  ' if not failures else 'FAIL'} {check['canvases']} charts drawn, {check['sections']} sections, "
          f"no console errors, no network requests; screenshot {screenshot} ({screenshot.stat().st_size // 1024} KiB)"
          if not failures else "FAIL " + "; ".join(failures))
    ws.close()
finally:
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(profile, ignore_errors=True)
sys.exit(1 if failures else 0)

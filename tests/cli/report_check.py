#!/usr/bin/python3
"""Opens an accelbench report in headless Chromium through the DevTools
protocol and checks it: no console errors or exceptions, no network request,
the page script finished, every chart canvas has drawn pixels, an injected
hostname is shown as text and never runs. Saves a full-page screenshot.
With REPORT_SUMMARY_FILES="LABEL=PATH,..." it checks each file's claims
summary against the file: the best compute figure per device and data type,
the best bandwidth and lowest latency per link class and device (both from
suite.headlines whose instance is an ok result) and the status counts. Size
axes must read in binary units, the print stylesheet must apply; with
REPORT_EXPECT_CACHE_MARKS set, some size sweep must have the caches marked; with
REPORT_NO_CHARTS set, a report without charts (tables only) passes.

usage: report_check.py REPORT.html SCREENSHOT.png"""
import base64, json, os, pathlib, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
import websocket  # Debian: python3-websocket

BANDWIDTH = {"B/s": 1, "KB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9, "TB/s": 1e12}
LATENCY = {"s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}


def expected_summary(path):
    """What the claims summary must show for a results file, computed here
    from its suite.headlines and suite.results, not by accelbench."""
    file = json.load(open(path))
    if "soak" in file:  # the worst drift and throttle share, the unstable and the mismatches
        figures = {}
        for b in file["soak"]["benchmarks"]:
            a = b.get("analysis")
            if not a or "drift_percent_per_hour" not in a: continue
            drift, share = a["drift_percent_per_hour"]["theil_sen"], a["throttle_share"]
            if drift != 0 and abs(drift) >= abs(figures.get("drift", (0,))[0]):
                figures["drift"] = (drift, b["name"])
            if share > figures.get("throttle", (0,))[0]: figures["throttle"] = (share, b["name"])
        analyses = [b["analysis"] for b in file["soak"]["benchmarks"] if "analysis" in b]
        return figures, {"unstable": sum(a["verdict"] == "unstable" for a in analyses),
                         "mismatches": sum(a["mismatches"] for a in analyses)}
    suite = file["suite"]
    ok = {r["name"] for r in suite["results"] if r["status"] == "ok"}
    headlines = [h for h in suite["headlines"] if h["instance"] in ok]
    figures = {}  # (claim, device, key, figure) -> (value, instance)

    def keep(key, h, better):
        if key not in figures or better(h, figures[key][2]):
            figures[key] = (h["value"], h["instance"], h)
    for h in headlines:
        higher = h["direction"] == "higher_is_better"
        if h["claim"] == "compute" and h["unit"] == "GFLOP/s" and higher:
            keep(("compute", h["device"], h["what"].get("dtype", ""), "best"), h,
                 lambda h, b: h["value"] > b["value"])
        scales = BANDWIDTH if higher else LATENCY
        if h.get("link") and h["unit"] in scales:
            scaled = lambda x: x["value"] * scales[x["unit"]]
            keep(("link", h["device"], h["link"], "bandwidth" if higher else "latency"), h,
                 (lambda h, b: scaled(h) > scaled(b)) if higher else (lambda h, b: scaled(h) < scaled(b)))
    counts = {s: sum(r["status"] == s for r in suite["results"])
              for s in ("ok", "failed", "invalid", "timeout", "crashed", "skipped")}
    counts["unstable"] = sum(r["status"] == "ok" and r.get("statistics", {}).get("unstable", False)
                             for r in suite["results"])
    return {k: v[:2] for k, v in figures.items()}, counts


def summary_failures(files, shown):
    out = []
    for item in files.split(","):
        label, path = item.split("=", 1)
        want, counts = expected_summary(path)
        got = {}
        for f in shown["figures"]:
            if f["file"] != label or f["claim"] == "stability": continue
            if f["claim"] == "compute" and f["best"] != "true": continue
            figure = "best" if f["claim"] == "compute" else f["figure"]
            got[(f["claim"], f["device"], f["key"], figure)] = (float(f["value"]), f["instance"])
        for f in shown["soak"]:
            if f["file"] == label: got[f["soak"]] = (float(f["value"]), f["instance"])
        if set(got) != set(want):
            out.append(f"{label}: summary figures {sorted(got)} != expected {sorted(want)}")
        for key in set(got) & set(want):
            if got[key][1] != want[key][1] or abs(got[key][0] - want[key][0]) > 1e-9 * abs(want[key][0]):
                out.append(f"{label}: {key} shows {got[key]}, the file says {want[key]}")
        got_counts = {c["count"]: c["value"] for c in shown["counts"] if c["file"] == label}
        for name, value in counts.items():
            if got_counts.get(name) != value:
                out.append(f"{label}: {name} count {got_counts.get(name)} != {value} in the file")
        if not want and "soak" not in label: out.append(f"{label}: the check found no headline to compare")
        print(f"     summary of {label}: {len(want)} figures and {len(counts)} counts as in the file")
    return out


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
    # REPORT_NO_CHARTS: a report whose sections are tables only (a fleet of
    # single-size runs: the fleet heat map is a table).
    if check["canvases"] == 0 and not os.environ.get("REPORT_NO_CHARTS"): failures.append("no chart")
    if check["blank"]: failures.append(f"{check['blank']} of {check['canvases']} charts are blank")
    if check["pwned"]: failures.append("a <script> from a results file ran")
    expected_text = os.environ.get("REPORT_EXPECT_TEXT")
    if expected_text and expected_text not in check["text"]:
        failures.append(f"the page does not show {expected_text!r} as text")
    if os.environ.get("REPORT_SUMMARY_FILES"):
        shown = call("Runtime.evaluate", returnByValue=True, expression="""(() => ({
            figures: [...document.querySelectorAll('.summary td.figure')].map(td => Object.assign(
                {file: td.closest('.summary').dataset.file}, td.dataset)),
            soak: [...document.querySelectorAll('.summary [data-soak]')].map(c => Object.assign(
                {file: c.closest('.summary').dataset.file}, c.dataset)),
            counts: [...document.querySelectorAll('.summary [data-count]')].map(c => ({
                file: c.closest('.summary').dataset.file, count: c.dataset.count,
                value: Number(c.dataset.value)}))}))()""")["result"]["value"]
        failures += summary_failures(os.environ["REPORT_SUMMARY_FILES"], shown)
    axes = call("Runtime.evaluate", returnByValue=True, expression="""(() => {
        const sized = [...document.querySelectorAll('canvas[data-x-bytes="true"]')];
        return {labels: sized.map(c => Chart.getChart(c).scales.x.ticks.map(t => t.label)),
                marked: sized.filter(c => c.dataset.marks !== '0').length};
    })()""")["result"]["value"]
    for labels in axes["labels"]:
        if not labels or not all(re.fullmatch(r"[0-9.]+ (B|KiB|MiB|GiB|TiB|PiB)", l) for l in labels):
            failures.append(f"a size axis is not in binary units: {labels}")
    if os.environ.get("REPORT_EXPECT_CACHE_MARKS") and not axes["marked"]:
        failures.append("no size sweep has the CPU caches marked")
    call("Emulation.setEmulatedMedia", media="print")
    printed = call("Runtime.evaluate", returnByValue=True, expression=
                   "getComputedStyle(document.querySelector('.summary')).breakInside")["result"]["value"]
    if printed != "avoid": failures.append(f"no print stylesheet (summary break-inside: {printed})")
    call("Emulation.setEmulatedMedia", media="")
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

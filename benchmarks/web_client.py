"""The web client's first load, in Debian's Chromium, from the whole platform `make run` starts
(on free ports, in a temporary directory): how much it downloads and how soon a person can use
it. It prints figures; it asserts nothing about them.

    .venv/bin/python benchmarks/web_client.py            # (web/dist must be built: `make web`)
    .venv/bin/python benchmarks/web_client.py --loads 20

Figures:
- bundle: the gzip size of what the first page loads (index.html's script and style sheet) and
  of every emitted asset (most are icons loaded only when a page shows them);
- time to interactive, cold (a new browser context: empty cache) and warm (a reload): from
  navigation start until the app has rendered the home page's heading (React attaches its
  event handlers when it renders, so the page answers input from then) and the main thread is
  quiet; first contentful paint and DOMContentLoaded beside it; median and worst of --loads;
- the same cold load on an emulated mid-range phone: 4x slower CPU, "fast 3G"-like network
  (1.6 Mbit/s down, 150 ms round trip);
- baseline, measured in the same run: a navigation to a tiny JSON document from the same
  gateway, so the ratio says what the client costs over the browser's own floor here.
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench_stack import bench_stack
from idle import start_whole_stack

ROOT = Path(__file__).resolve().parents[1]
DIST = Path(os.environ.get("GATEWAY_WEB_ROOT", ROOT / "web" / "dist"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Resolves when the home page's h1 is in the DOM, painted, and no long task (>50 ms) ran for 200 ms.
INTERACTIVE = """() => new Promise((resolve) => {
  let lastLong = 0;
  let shift = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) lastLong = Math.max(lastLong, e.startTime + e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const check = () => {
    const h1 = document.querySelector('main h1');
    const now = performance.now();
    const painted = performance.getEntriesByName('first-contentful-paint').length > 0 || now > 30000;
    if (h1 && painted && now - lastLong > 200) {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      resolve({ interactive: Math.max(window.__oiHeading || now, lastLong, fcp ? fcp.startTime : 0),
                fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd,
                layoutShift: shift });
    } else setTimeout(check, 20);
  };
  check();
})"""
# Notes the moment the heading first appears, before any polling delay.
HEADING_WATCH = """new MutationObserver((_, observer) => {
  if (document.querySelector('main h1')) { window.__oiHeading = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });"""


@dataclass
class Load:
    interactive_ms: float
    fcp_ms: float
    dcl_ms: float
    layout_shift: float  # cumulative layout shift score until interactive (0 is none; "good" is < 0.1)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def bundle_sizes() -> tuple[int, int, int]:
    index = (DIST / "index.html").read_text()
    first = [DIST / p.lstrip("/") for p in re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', index)]
    everything = [p for p in (DIST / "assets").iterdir() if p.suffix in (".js", ".css")]
    return (sum(gzip_size(p) for p in first), sum(gzip_size(p) for p in everything), len(everything))


def load(browser: Browser, url: str, *, phone: bool = False, warm: bool = False) -> Load:
    context = browser.new_context(viewport={"width": 360, "height": 740} if phone else {"width": 1280, "height": 900},
                                  locale="it-IT")
    context.add_init_script(HEADING_WATCH)
    page = context.new_page()
    if phone:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
    page.goto(url)
    if warm:
        page.evaluate(INTERACTIVE)
        page.reload()
    figures = page.evaluate(INTERACTIVE)
    context.close()
    return Load(figures["interactive"], figures["fcp"] or 0.0, figures["dcl"], figures["layoutShift"])


def baseline(browser: Browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    elapsed = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    context.close()
    return elapsed


def summary(loads: list[Load], field: str) -> tuple[float, float]:
    values = [getattr(x, field) for x in loads]
    return statistics.median(values), max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=10, help="loads per figure")
    parser.add_argument("--keep-run-dir", action="store_true")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        raise SystemExit(f"{DIST}/index.html is missing: build the client first (make web)")
    os.environ["GATEWAY_WEB_ROOT"] = str(DIST)
    first_bytes, all_bytes, count = bundle_sizes()
    first_kb, all_kb = first_bytes / 1024, all_bytes / 1024
    with bench_stack("oi-bench-web-", keep_run_dir=args.keep_run_dir) as stack:
        start_whole_stack(stack)
        home = f"{stack.gateway_url}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            load(browser, home)  # the first load warms nginx's file cache and the services' JWKS fetch
            base = [baseline(browser, f"{stack.gateway_url}/healthz") for _ in range(args.loads)]
            cold = [load(browser, home) for _ in range(args.loads)]
            warm = [load(browser, home, warm=True) for _ in range(args.loads)]
            phone = [load(browser, home, phone=True) for _ in range(max(3, args.loads // 3))]
            browser.close()
    from run import table  # the same table as the other figures

    base_ms = statistics.median(base)
    rows = [("figure", "value", "what"),
            ("web bundle, first page", f"{first_kb:,.1f} kB", "gzip -9 of index.html's script + style sheet"),
            ("web bundle, all assets", f"{all_kb:,.1f} kB", f"gzip -9 of all {count} JS/CSS files (icons load on demand)")]
    for name, loads in (("cold", cold), ("warm", warm), ("phone 4x CPU, 1.6 Mbit/s", phone)):
        median, worst = summary(loads, "interactive_ms")
        fcp, _ = summary(loads, "fcp_ms")
        _, shift = summary(loads, "layout_shift")
        rows.append((f"time to interactive, {name}", f"{median:,.0f} ms",
                     f"median of {len(loads)} (worst {worst:,.0f} ms); first paint {fcp:,.0f} ms; "
                     f"layout shift {shift:.3f} at worst; {median / base_ms:,.1f}x the baseline"))
    rows.append(("baseline: tiny JSON page", f"{base_ms:,.0f} ms", "navigation to /healthz on the same gateway, load event"))
    print(f"\n{table(rows)}\n\n({os.cpu_count()} CPUs, Chromium {CHROMIUM})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Slider-to-picture latency of `kldiv serve` on the seed pairs, in headless Chromium.

For each seed pair the script moves one slider of q in the page (an `input` event, as a drag
or an arrow key fires) and times, in the page, from the event to the frame after the new
panels, both divergences and every measure are in the DOM: the debounce, three requests in
parallel (kl, panels, measures), the SVG parsing and layout. 41 moves per pair alternate
between two values so that every move changes the picture; the median and the 90th percentile
are reported, beside each endpoint's own median over HTTP (Python's urllib, no browser). Goal:
a median under 50 ms on a 2-core machine.

    target/py-test-venv/bin/python bench/serve_latency.py target/release/kldiv > bench/serve_latency.out

(scripts/test-browser.sh installs Chromium, chromedriver, selenium and Pillow there.)
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

KLDIV = sys.argv[1] if len(sys.argv) > 1 else "target/release/kldiv"
MOVES = 41
PAIRS = [
    # (label, p, q, slider id, two values it alternates between)
    ("two Gaussians", "normal(0, 1)", "normal(3, 1)", "s-q-0-mean", (3.0, 3.5)),
    ("Gaussian vs mixture", "normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)", "s-q-1-mean", (3.0, 2.5)),
    ("mixture vs Gaussian", "0.5*normal(0, 1) + 0.5*normal(3, 1)", "normal(0, 1)", "s-q-0-mean", (0.0, 0.5)),
]

# Runs in the page: set the slider, fire `input`, resolve after the first frame painted once the
# page has shown the newest computation.
MOVE_JS = """
const [id, value, done] = arguments;
const s = document.getElementById(id);
const start = generation;
const t0 = performance.now();
s.value = value;
s.dispatchEvent(new Event('input', {bubbles: true}));
function poll() {
  if (generation > start && document.body.dataset.generation === String(generation)) {
    requestAnimationFrame(() => done(performance.now() - t0));
  } else {
    setTimeout(poll, 0.5);
  }
}
poll();
"""


def server():
    proc = subprocess.Popen([KLDIV, "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    return proc, proc.stdout.readline().strip().split(": ", 1)[1]


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,1500"]:
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def endpoint_ms(url, path, body):
    data = json.dumps(body).encode()
    times = []
    for _ in range(MOVES):
        req = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json"})
        t0 = time.perf_counter()
        urllib.request.urlopen(req).read()
        times.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(times)


def main():
    proc, url = server()
    d = browser()
    d.set_script_timeout(30)
    cpu = os.cpu_count()
    print(f"kldiv serve latency, headless Chromium {d.capabilities.get('browserVersion')}, {cpu} cores, {MOVES} moves per pair\n")
    print("| pair | slider → picture: median | p90 | /api/kl | /api/panels | /api/measures |")
    print("|---|---|---|---|---|---|")
    try:
        for label, p, q, slider, values in PAIRS:
            frag = urllib.parse.urlencode({"p": p, "q": q, "alpha": "0.5"})
            d.get(url + "#" + frag)
            time.sleep(1.0)
            d.execute_async_script(MOVE_JS, slider, values[1])  # warm up
            times = [d.execute_async_script(MOVE_JS, slider, values[i % 2]) for i in range(MOVES)]
            times.sort()
            med, p90 = statistics.median(times), times[int(0.9 * (len(times) - 1))]
            body = {"p": p, "q": q, "alpha": 0.5}
            eps = [endpoint_ms(url, "api/" + e, body) for e in ("kl", "panels", "measures")]
            print(f"| {label} | {med:.1f} ms | {p90:.1f} ms | {eps[0]:.1f} ms | {eps[1]:.1f} ms | {eps[2]:.1f} ms |")
    finally:
        d.quit()
        proc.kill()


import urllib.parse  # noqa: E402

main()

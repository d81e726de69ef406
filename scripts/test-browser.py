"""The page of `kldiv serve` driven in headless Chromium (selenium, Debian's chromedriver).

    python scripts/test-browser.py KLDIV_BINARY OUT_DIR

Starts `KLDIV_BINARY serve --port 0`, then: loads the page; moves q's mean slider with the
keyboard and reads KL both ways equal to `kldiv kl ... --both --json` for the parameters shown;
types a bad spec and sees its error with no number left standing; opens the page's own link
afresh and sees the same state; checks +∞ on disjoint supports; draws samples and computes
arrays; takes a screenshot of the seed's mixture preset (OUT_DIR/serve-mixture.png), checked
not blank; and fails on any console error.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT_S = 30  # a guard against a hang, not a speed check (bench/serve_latency.py measures)
KLDIV, OUT = sys.argv[1], Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)


def cli_kl(p, q):
    """KL(p‖q) and KL(q‖p) from the command line: the library's values for these parameters."""
    out = subprocess.run(
        [KLDIV, "kl", p, q, "--both", "--json"], check=True, capture_output=True, text=True
    ).stdout
    rows = json.loads(out)
    rows = rows if isinstance(rows, list) else rows.get("results", rows)
    return [r["value"] for r in rows]


def start_server():
    proc = subprocess.Popen(
        [KLDIV, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    line = proc.stdout.readline().strip()
    assert line.startswith("kldiv serve: http://127.0.0.1:"), line
    return proc, line.split(": ", 1)[1]


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,1500", "--hide-scrollbars"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def settled(d):
    """Waits until the newest computation has been shown (the page stamps its generation)."""
    def done(d):
        return d.execute_script(
            "const g = document.body.dataset.generation;"
            "return g !== undefined && g === String(generation) && "
            "['kl-pq','kl-qp'].every(id => document.getElementById(id).dataset.state !== 'pending');"
        )
    WebDriverWait(d, WAIT_S).until(done)


def shown(d):
    return {
        "p": d.find_element(By.ID, "spec-p").get_attribute("value"),
        "q": d.find_element(By.ID, "spec-q").get_attribute("value"),
        "pq": d.find_element(By.ID, "kl-pq").get_attribute("data-value"),
        "qp": d.find_element(By.ID, "kl-qp").get_attribute("data-value"),
        "pq_state": d.find_element(By.ID, "kl-pq").get_attribute("data-state"),
        "qp_text": d.find_element(By.ID, "kl-qp").text,
    }


def preset(d, name):
    d.find_element(By.XPATH, f"//section[@id='presets']/button[text()='{name}']").click()
    time.sleep(0.05)
    settled(d)


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok  ", what)


def main():
    proc, url = start_server()
    d = browser()
    try:
        d.get(url)
        settled(d)
        s = shown(d)
        check((s["p"], s["q"]) == ("normal(0, 1)", "normal(3, 1)"), f"loads on the two Gaussians: {s}")
        check(float(s["pq"]) == 4.5 and float(s["qp"]) == 4.5, "KL both ways 4.5")

        # q's mean slider, by keyboard: 10 steps of 0.05 to the right.
        slider = d.find_element(By.ID, "s-q-0-mean")
        label = d.find_element(By.CSS_SELECTOR, "label[for='s-q-0-mean']").text
        check(label == "q.mean", f"the slider is labelled ({label})")
        slider.send_keys(*([Keys.ARROW_RIGHT] * 10))
        WebDriverWait(d, WAIT_S).until(lambda d: shown(d)["q"] == "normal(3.5, 1)")
        settled(d)
        s = shown(d)
        pq, qp = cli_kl(s["p"], s["q"])
        check(float(s["pq"]) == pq and float(s["qp"]) == qp,
              f"after the slider, the page's KL equals the library's: {s['pq']} {s['qp']} vs {pq} {qp}")

        # The seed's mixture: the page's numbers are the library's.
        preset(d, "Gaussian vs mixture")
        s = shown(d)
        pq, qp = cli_kl(s["p"], s["q"])
        check(float(s["pq"]) == pq and float(s["qp"]) == qp, f"mixture preset {s['pq']} {s['qp']}")
        check(s["pq"].startswith("0.52677730652") and s["qp"].startswith("1.72322269347"),
              "0.5268 and 1.7232 as the seed")
        # The second component's mean moves KL(q‖p) as the library says.
        slider = d.find_element(By.ID, "s-q-1-mean")
        slider.send_keys(*([Keys.ARROW_LEFT] * 20))
        WebDriverWait(d, WAIT_S).until(lambda d: "normal(2, 1)" in shown(d)["q"])
        settled(d)
        s = shown(d)
        pq, qp = cli_kl(s["p"], s["q"])
        check(float(s["pq"]) == pq and float(s["qp"]) == qp, f"mixture component slider: {s['q']}")
        preset(d, "Gaussian vs mixture")
        for k in ["densities", "log_ratio", "integrand_pq", "integrand_qp"]:
            svg = d.find_elements(By.CSS_SELECTOR, f"#panel-{k} svg")
            check(len(svg) == 1, f"panel {k} drawn")
        rows = d.find_elements(By.CSS_SELECTOR, "#measures-table tbody tr")
        check(len(rows) == 11, "every measure listed")
        shot = OUT / "serve-mixture.png"
        d.save_screenshot(str(shot))
        img = Image.open(shot).convert("RGB")
        colors = img.getcolors(maxcolors=1 << 20)
        dark = sum(n for n, c in colors if sum(c) < 200)
        red = sum(n for n, (r, g, b) in colors if r > 180 and g < 90 and b < 90)
        blue = sum(n for n, (r, g, b) in colors if b > 150 and r < 80 and g < 160)
        check(len(colors) > 50 and dark > 1000 and red > 500 and blue > 500,
              f"the screenshot is not blank ({len(colors)} colours, {dark} dark, {red} red, {blue} blue px): {shot}")

        # A shared link reproduces the view.
        link = d.current_url
        before = shown(d)
        d.get("about:blank")
        d.get(link)
        settled(d)
        after = shown(d)
        check(after == before, f"the link reproduces the view: {link}")

        # A bad spec: its error shown, no number left standing.
        box = d.find_element(By.ID, "spec-p")
        box.clear()
        box.send_keys("normal(0, -1)", Keys.ENTER)
        WebDriverWait(d, WAIT_S).until(lambda d: d.find_element(By.ID, "err-p").text != "")
        settled(d)
        err = d.find_element(By.ID, "err-p").text
        s = shown(d)
        check("std" in err and box.get_attribute("aria-invalid") == "true", f"the error is shown: {err}")
        check(s["pq"] == "" and s["pq_state"] == "error", "no stale number beside a bad spec")

        preset(d, "disjoint supports")
        s = shown(d)
        check(s["pq"] == "inf" and s["qp_text"] == "+∞", "disjoint supports show +∞")

        d.find_element(By.ID, "draw").click()
        WebDriverWait(d, WAIT_S).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, "#samples-table tbody tr")) == 3
            or d.find_element(By.ID, "err-samples").text)
        check(len(d.find_elements(By.CSS_SELECTOR, "#samples-table tbody tr")) == 3, "samples drawn")

        WebDriverWait(d, WAIT_S).until(
            lambda d: d.find_element(By.ID, "arrays-value").get_attribute("data-state") != "empty")
        v = float(d.find_element(By.ID, "arrays-value").get_attribute("data-value"))
        check(abs(v - 0.20077680106635193) < 1e-15, f"arrays panel: {v}")  # scipy.stats.entropy([.1,.2,.7],[.3,.3,.4])

        errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
        check(not errors, f"no console errors: {errors}")
    finally:
        d.quit()
        proc.kill()
        proc.wait()


main()

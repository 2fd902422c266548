#!/usr/bin/env python3
"""Drives `runkit serve` in headless Chromium (Debian's chromium and chromedriver, selenium from
PyPI) through load -> query -> group -> heatmap -> scatter -> run page -> compare -> parallel coordinates -> live update,
checking what is on the page at each step. Serves a copy of the fixture (the live step inserts a
run into the copy's mlflow.db). Prints one line per step and `browser: N passed, 0 failed`;
exits 1 at the first failed check. With --screenshots DIR it saves each view at 1440x900 and the
runs table at 390x844 (a phone) as PNGs.

    serve_browser_check.py --runkit .build/debug/runkit --fixture Tests/Fixtures/hydraflow-sqlite [--screenshots docs/images]
"""
import argparse, json, os, shutil, sqlite3, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import TimeoutException

passed = 0


def check(condition, message):
    global passed
    if not condition:
        print(f"FAILED: {message}", flush=True)
        print(f"browser: {passed} passed, 1 failed", flush=True)
        sys.exit(1)
    passed += 1
    print(f"ok: {message}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runkit", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--screenshots")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="serve-browser-")
    store = os.path.join(folder, "store")
    shutil.copytree(args.fixture, store)
    server = subprocess.Popen([args.runkit, "serve", store, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = None
    try:
        url = server.stdout.readline().strip()
        ready = time.monotonic()
        check(url.startswith("http://127.0.0.1:"), f"the first line is the URL: {url}")

        def api(path):
            with urllib.request.urlopen(url.rstrip("/") + path) as response:
                return json.load(response)

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900",
                     "--hide-scrollbars", "--force-device-scale-factor=1"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        driver.set_window_size(1440, 900)
        # Generous: CI runs this beside the whole suite on 2 cores. How fast the page is, is a
        # benchmark (Benchmarks/serve_first_page.py, serve_live.py), not this test's business.
        wait = WebDriverWait(driver, 30)

        def settles(condition):
            """True when `condition` holds within the wait, False when it never does."""
            try:
                wait.until(lambda d: condition())
                return True
            except TimeoutException:
                return False

        def shot(name, width=1440, height=900):
            if not args.screenshots:
                return
            driver.set_window_size(width, height)
            time.sleep(0.6)
            os.makedirs(args.screenshots, exist_ok=True)
            driver.save_screenshot(os.path.join(args.screenshots, f"serve-{name}.png"))
            driver.set_window_size(1440, 900)

        def text(selector):
            return driver.find_element(By.CSS_SELECTOR, selector).text

        # Load: the table's first rows, and the count the API gives.
        total = api("/api/runs?limit=0")["total"]
        driver.get(url)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grid tbody a.run"))
        first_page = time.monotonic() - ready
        check(text("#count") == f"{total} runs", f"load: the table shows {total} runs (first rows {first_page:.2f} s after the server was ready)")
        check("metrics" in driver.page_source or "accuracy" in text("#grid thead"), "load: varying keys are columns")
        shot("runs")
        shot("runs-narrow", 390, 844)

        # Query: the count is the API's for the same condition; a bad one shows the CLI's caret message.
        condition = "metrics.accuracy > 0.9"
        expected = api("/api/runs?limit=0&where=" + urllib.parse.quote(condition))["total"]
        box = driver.find_element(By.ID, "q")
        box.clear(); box.send_keys(condition); driver.find_element(By.ID, "go").click()
        wait.until(lambda d: text("#count") == f"{expected} runs")
        check("where=metrics.accuracy" in driver.current_url, f"query: {expected} runs match, and the URL holds the query")
        box = driver.find_element(By.ID, "q")
        box.clear(); box.send_keys("metrics.accuracy >"); driver.find_element(By.ID, "go").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#qerr .err"))
        check("Invalid query at column" in text("#qerr") and "^" in text("#qerr"), "query: a bad query shows the CLI's message with its caret")
        shot("query-error")

        # Group.
        driver.get(url + "#view=group&by=config.model.type&agg=count()%3B%20mean(metrics.accuracy)%3B%20std(metrics.accuracy)&curve=loss")
        driver.refresh()
        wait.until(lambda d: "groups" in text("#gt"))
        groups = api("/api/group?by=config.model.type&agg=count()")
        check(f"{len(groups)} groups" in text("#gt") and "cnn" in text("#gt"), f"group: {len(groups)} groups by config.model.type, as /api/group")
        check("mean(metrics.accuracy)" in text("#gp"), "group: bars of the mean with std")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#gc svg path"))
        check(len(driver.find_elements(By.CSS_SELECTOR, "#gc svg path")) >= 2 * len(groups), "group: a mean curve with its std band per group")
        shot("group")

        # Heatmap: grouped by two keys, one cell per group with a number, coloured, its value written in it.
        heat = "by=config.model.type,config.optimizer.lr&agg=count()%3B%20mean(metrics.accuracy)"
        driver.get(url + "#view=group&" + heat + "&curve=loss"); driver.refresh()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#gh svg.heatmap g.cell"))
        rows = api("/api/group?by=config.model.type,config.optimizer.lr&agg=mean(metrics.accuracy)")
        numeric = [r for r in rows if isinstance(r["mean(metrics.accuracy)"], (int, float)) and r["mean(metrics.accuracy)"] == r["mean(metrics.accuracy)"]]
        cells = driver.find_elements(By.CSS_SELECTOR, "#gh svg.heatmap g.cell")
        check(len(cells) == len(numeric) > 1, f"heatmap: {len(cells)} cells, one per group of config.model.type x config.optimizer.lr with a mean")
        best = max(numeric, key=lambda r: r["mean(metrics.accuracy)"])
        titles = [c.find_element(By.TAG_NAME, "title").get_attribute("textContent") for c in cells]
        check(any(f"config.model.type={best['config.model.type']}" in t and "runs)" in t for t in titles)
              and len({c.find_element(By.TAG_NAME, "rect").get_attribute("fill") for c in cells}) > 1,
              "heatmap: each cell names its pair, value and run count; colours differ")
        driver.execute_script("document.querySelector('#gh').scrollIntoView()")
        shot("heatmap")

        # Scatter, reached from the group panel: one point per run with both values; a point opens its run.
        driver.find_element(By.ID, "toScatter").click()
        wait.until(lambda d: "view=scatter" in d.current_url and d.find_elements(By.ID, "sx"))
        check(True, "scatter: reached from the group panel")
        driver.get(url + "#view=scatter&x=config.optimizer.lr&y=metrics.accuracy&color=config.model.type"); driver.refresh()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sc svg.scatter circle.pt"))
        both = [r for r in api("/api/runs?limit=10000&columns=config.optimizer.lr,metrics.accuracy")["runs"]
                if isinstance(r["config.optimizer.lr"], (int, float)) and isinstance(r["metrics.accuracy"], (int, float))]
        points = driver.find_elements(By.CSS_SELECTOR, "#sc svg.scatter circle.pt")
        check(len(points) == len(both) and f"{len(both)} of {total} runs plotted" in text("#count"),
              f"scatter: {len(both)} points, one per run with both config.optimizer.lr and metrics.accuracy")
        check("(log)" in text("#sc") and "config.model.type = cnn" in text("#sc"), "scatter: a log x axis for lr, a legend of the colour key")
        shot("scatter")
        shot("scatter-narrow", 390, 844)
        time.sleep(0.3)   # redrawn after the screenshots' resizes
        points = driver.find_elements(By.CSS_SELECTOR, "#sc svg.scatter circle.pt")
        point_run = points[0].get_attribute("data-run")
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", points[0])
        wait.until(lambda d: "History" in d.find_element(By.TAG_NAME, "main").text)
        check(point_run in driver.find_element(By.TAG_NAME, "main").text, "scatter: clicking a point opens its run")

        # Run page.
        driver.get(url + "#view=runs"); driver.refresh()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grid tbody a.run"))
        link = driver.find_element(By.CSS_SELECTOR, "#grid tbody a.run")
        run_id = link.get_attribute("data-run")
        link.click()
        wait.until(lambda d: "History" in d.find_element(By.TAG_NAME, "main").text)
        page = driver.find_element(By.TAG_NAME, "main").text
        check(run_id in page and "Config" in page and "Metrics" in page, f"run page: {run_id[:8]}'s config, metrics and history")
        check(len(driver.find_elements(By.CSS_SELECTOR, "main .plot svg")) > 0, "run page: history curves drawn")
        shot("run")

        # Compare two runs.
        driver.find_element(By.ID, "back").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#grid tbody input[data-sel]")) >= 3)
        boxes = driver.find_elements(By.CSS_SELECTOR, "#grid tbody input[data-sel]")
        boxes[0].click(); boxes[2].click()
        driver.find_element(By.ID, "cmp").click()
        wait.until(lambda d: "Keys that differ" in d.find_element(By.TAG_NAME, "main").text)
        check("2 runs" in driver.find_element(By.TAG_NAME, "main").text and "sel=" in driver.current_url, "compare: two runs, the keys that differ, the selection in the URL")
        shot("compare")

        # Parallel coordinates.
        driver.find_element(By.CSS_SELECTOR, 'nav a[data-view="parallel"]').click()
        wait.until(lambda d: "in the brush" in text("#count"))
        check(f"{total} of {total} runs" in text("#count"), "parallel coordinates: every run drawn")
        canvas = driver.find_element(By.ID, "pc")
        # Up from 80 px to 30 px over the first axis, whose top (its largest value) is at 36 px.
        webdriver.ActionChains(driver).move_to_element_with_offset(canvas, -canvas.size["width"] // 2 + 60, -canvas.size["height"] // 2 + 80) \
            .click_and_hold().move_by_offset(0, -50).release().perform()
        settles(lambda: not text("#count").startswith(f"{total} of "))
        kept = int(text("#count").split(" of ")[0].replace(",", ""))
        check(0 < kept < total, f"parallel coordinates: brushing the first axis keeps {kept} of {total}")
        shot("parallel")

        # Live: a run inserted into the store shows up without reloading the page.
        driver.get(url + "#view=runs"); driver.refresh()
        wait.until(lambda d: text("#count") == f"{total} runs")
        driver.execute_script("window.__notReloaded = true")
        database = sqlite3.connect(os.path.join(store, "mlflow.db"))
        database.execute("CREATE TEMP TABLE copied AS SELECT * FROM runs WHERE lifecycle_stage = 'active' LIMIT 1")
        database.execute("UPDATE copied SET run_uuid = 'feedfacefeedfacefeedfacefeedface', name = 'appended'")
        database.execute("INSERT INTO runs SELECT * FROM copied")
        database.commit(); database.close()
        appended = time.monotonic()
        counted = settles(lambda: text("#count") == f"{total + 1} runs")
        took = time.monotonic() - appended
        check(counted and driver.execute_script("return window.__notReloaded === true"),
              f"live: the appended run is counted after {took:.2f} s, without a reload")
        print(f"browser: {passed} passed, 0 failed", flush=True)
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    import urllib.parse
    main()

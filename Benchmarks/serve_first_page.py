#!/usr/bin/env python3
"""The time headless Chromium (Debian's, driven by selenium) takes from asking for `runkit serve`'s
page to showing the runs table's first rows, the browser already started. Median of --repeat
loads, each in a new tab state (about:blank between).

    serve_first_page.py URL [--repeat 5]
"""
import argparse, shutil, statistics, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("--repeat", type=int, default=5)
args = parser.parse_args()

options = webdriver.ChromeOptions()
options.binary_location = shutil.which("chromium")
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
times = []
try:
    for _ in range(args.repeat):
        driver.get("about:blank")
        start = time.perf_counter()
        driver.get(args.url)
        WebDriverWait(driver, 30, poll_frequency=0.01).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grid tbody a.run"))
        times.append(time.perf_counter() - start)
finally:
    driver.quit()
print(f"first page in headless Chromium: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {len(times)} loads")

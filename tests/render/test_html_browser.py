"""The HTML report in a real browser: headless Chromium (the OS package) driven by Selenium
through the system chromedriver (Selenium Manager is never asked to download anything).

The demo report is opened from a file:// URL: every footnote and verdict shows, a marker leads
to its footnote (by mouse and by keyboard), the citing sentence lights up, the filters and the
search work, nothing is requested but the file itself, and a screenshot is saved as an artefact
(`CITECHECK_UPDATE_SCREENSHOT=1` also refreshes docs/html-report.png). A hostile report stays
inert: no dialog, no script of its own, no `javascript:` link.

Without Chromium the tests skip locally; under CI (the CI variable set) they fail instead:
.ci/run installs chromium and chromium-driver with apt-get.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from citecheck.models import Report
from citecheck.render import OutputFormat, get_renderer

from ._html import JS_URL, SCRIPT, demo_report, hostile_report

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "html-report.png"

#: Keep the browser off the network: no background services, every host name unresolvable
#: (no DNS query leaves the machine), so only the file itself can load.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--window-size=1100,900",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--lang=en-US",
)


def _under_ci() -> bool:
    """True when the CI variable is set (to anything but 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing(reason: str) -> None:
    """Skip without a browser, except under CI, where the browser test must run."""
    if _under_ci():
        pytest.fail(f"{reason}; CI must run the browser test (.ci/run installs it)")
    pytest.skip(f"{reason} (apt-get install chromium chromium-driver; under CI this fails)")


def _chrome(*, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium through the system chromedriver (JavaScript on or off)."""
    chromium = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p is not None), None
    )
    chromedriver = shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        _missing("no chromium or chromedriver on PATH")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install --group tests)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    # An explicit driver path: Selenium Manager is skipped (and offline if it were asked).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        browser = webdriver.Chrome(options=options, service=Service(str(chromedriver)))
        try:
            yield browser
        finally:
            browser.quit()


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    """The browser of the tests (JavaScript on)."""
    yield from _chrome()


def _open(driver: Any, report: Report, path: Path, lang: str = "en") -> str:
    """Write the report's HTML to `path`, open it, and return its file:// URL."""
    path.write_text(get_renderer(OutputFormat.HTML, lang=lang).render(report), encoding="utf-8")
    url = path.resolve().as_uri()
    driver.get_log("performance")  # forget earlier pages' requests
    driver.get_log("browser")
    driver.get(url)
    return url


def _requests(driver: Any) -> list[str]:
    """Every URL the page asked the network stack for since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _shown(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def _background(driver: Any, element: Any) -> str:
    script = "return getComputedStyle(arguments[0]).backgroundColor"
    return str(driver.execute_script(script, element))


LIT = "rgb(255, 241, 168)"  # --mark

#: The WCAG contrast ratio of each element's text colour against its background (its own, or
#: the nearest ancestor's that is not transparent).
CONTRAST_JS = """
const channel = c => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const rgb = s => s.match(/[\\d.]+/g).map(Number);
const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
const background = e => {
  for (; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c;
  }
  return [255, 255, 255];
};
return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const [a, b] = [luminance(rgb(getComputedStyle(e).color)), luminance(background(e))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
});
"""


def test_demo_report_in_the_browser(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    report = demo_report()
    (document,) = report.documents
    url = _open(driver, report, tmp_path / "report.html")

    # Nothing but the file itself is requested; the page's own script ran under its CSP.
    assert _requests(driver) == [url]
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    assert _shown(driver, "form#filters")

    # Every footnote and every verdict is shown.
    notes = _shown(driver, "li.note")
    assert len(notes) == len(document.footnotes) == 15
    for note, footnote in zip(notes, document.footnotes, strict=True):
        assert f"Footnote {footnote.number}" in note.text
        badge = note.find_element(By.CSS_SELECTOR, ".note-head .badge")
        assert badge.is_displayed() and badge.text.split(" ")[0] in "✗⚠ℹ✓○"
    markers = _shown(driver, "section.body a.marker")
    assert len(markers) == sum(len(f.references) for f in document.footnotes)

    # A click on the marker of the footnote with a dead link leads to that footnote.
    dead = next(
        i for i, f in enumerate(document.footnotes, 1) if any(x.status == "dead" for x in f.links)
    )
    marker = driver.find_element(By.CSS_SELECTOR, f"a.marker[href='#d1-fn{dead}']")
    sentence = marker.find_element(By.XPATH, "./ancestor::span[contains(@class,'cite')]")
    ActionChains(driver).move_to_element(marker).perform()
    assert _background(driver, sentence) == LIT  # the citing sentence lights up on hover
    marker.click()
    assert driver.current_url.endswith(f"#d1-fn{dead}")
    target = driver.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == f"d1-fn{dead}"
    assert "dead" in target.get_attribute("data-status").split()
    assert target.find_element(By.CSS_SELECTOR, ".note-head .badge").text.startswith("✗")
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", target)
    assert 0 <= top < driver.execute_script("return innerHeight")
    # … and its back link returns to the marker.
    target.find_element(By.CSS_SELECTOR, "a.back").click()
    assert driver.current_url.endswith(f"#d1-fn{dead}-ref1")

    # Pointing at a footnote lights up the sentences that cite it.
    ActionChains(driver).move_to_element(target).perform()
    cited = driver.find_element(By.CSS_SELECTOR, f"a.marker[href='#d1-fn{dead}']")
    sentence = cited.find_element(By.XPATH, "./ancestor::span[contains(@class,'cite')]")
    assert "lit" in str(sentence.get_attribute("class")).split()

    # The keyboard: Tab reaches the skip link first; Enter on a focused marker follows it.
    driver.get(url)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    marker = driver.find_element(By.CSS_SELECTOR, "a.marker[href='#d1-fn5']")
    driver.execute_script("arguments[0].focus()", marker)
    sentence = marker.find_element(By.XPATH, "./ancestor::span[contains(@class,'cite')]")
    assert _background(driver, sentence) == LIT  # … and on focus
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.current_url.endswith("#d1-fn5")

    # The filters: problems only, one status, the search field, and back to everything.
    driver.find_element(By.CSS_SELECTOR, "input[name=show][value=problems]").click()
    problems = [f for f in document.footnotes if f.problems]
    shown = _shown(driver, "li.note")
    assert len(shown) == len(problems) < 15
    assert {e.get_attribute("data-tone") for e in shown} <= {"error", "warning", "info"}
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "filter-status")).select_by_value("dead")
    assert [e.get_attribute("id") for e in _shown(driver, "li.note")] == [f"d1-fn{dead}"]
    assert "1 of" in driver.find_element(By.ID, "filter-count").text
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("")
    driver.find_element(By.CSS_SELECTOR, "input[name=show][value=all]").click()
    driver.find_element(By.ID, "filter-search").send_keys("Zeitenwende")
    assert [e.get_attribute("id") for e in _shown(driver, "li.note")] == ["d1-fn5"]
    driver.find_element(By.ID, "filter-search").send_keys("xyz-nothing")
    assert _shown(driver, "li.note") == [] and _shown(driver, "#no-match")
    driver.find_element(By.ID, "filter-search").clear()
    driver.find_element(By.ID, "filter-search").send_keys(" ")
    assert len(_shown(driver, "li.note")) == 15

    assert _requests(driver) == [url]  # the reload, still only the file

    # Text on every badge and marker meets WCAG AA (4.5:1) as the browser draws it.
    ratios = driver.execute_script(CONTRAST_JS, ".badge, a.marker, .inline-url, .muted")
    assert ratios and min(ratios) >= 4.5, sorted(ratios)[:5]

    # Printed: no filters, no back links; every footnote is there.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not _shown(driver, "form#filters") and not _shown(driver, "a.back")
    assert len(_shown(driver, "li.note")) == 15
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    # The screenshot, as a test artefact (and for the README when asked): the motion as the
    # user names it: the top of the report and the first marked paragraphs.
    named = replace(document, path="antrag-japan-partnerschaft.md")
    _open(driver, replace(report, documents=(named,)), tmp_path / "shown.html")
    driver.set_window_size(1100, 1900)
    shot = tmp_path / "demo-report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("CITECHECK_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, SCREENSHOT)


def test_hostile_report_is_inert_in_the_browser(driver: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    url = _open(driver, hostile_report(), tmp_path / "hostile.html")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - the property raises when no dialog is open
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.execute_script("return document.scripts.length") == 1  # the report's own
    assert driver.execute_script("return document.querySelectorAll('img, iframe').length") == 0
    assert driver.execute_script("return document.querySelectorAll('svg').length") == 1  # bar
    handlers = driver.execute_script(
        "return Array.from(document.querySelectorAll('*')).filter(e => "
        "Array.from(e.attributes).some(a => a.name.toLowerCase().startsWith('on'))).length"
    )
    assert handlers == 0
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
    )
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    assert not any("javascript" in h.lower() for h in hrefs)
    page = driver.find_element(By.TAG_NAME, "body").text
    assert SCRIPT in page and JS_URL in page  # shown as text
    # The javascript: URL is text: clicking it does nothing.
    code = driver.find_element(By.XPATH, f"//code[.='{JS_URL}']")
    code.click()
    assert driver.current_url == url
    assert driver.execute_script("return window.__pwned === undefined")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    assert _requests(driver) == [url]


def test_without_javascript_everything_shows_and_markers_still_lead_to_footnotes(
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    report = demo_report()
    for browser in _chrome(javascript=False):
        url = _open(browser, report, tmp_path / "report.html")
        # The page's script did not run: the filters, which need it, stay hidden.
        assert browser.find_element(By.ID, "filters").get_attribute("hidden") is not None
        assert not _shown(browser, "form#filters")
        assert len(_shown(browser, "li.note")) == 15
        browser.find_element(By.CSS_SELECTOR, "a.marker[href='#d1-fn5']").click()
        assert browser.current_url == url + "#d1-fn5"
        assert _requests(browser) == [url]

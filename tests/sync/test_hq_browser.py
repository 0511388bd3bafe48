"""The web desk in a real browser: Debian's chromium with its chromedriver, headless, through
selenium (no browser download; .ci/run installs both). It signs in, opens the demand page and
checks every figure against the two desks' own purchase lists."""

from __future__ import annotations

import os
import shutil

import pytest

from hq_server.admin import browser
from tests.sync.web_support import PASSWORD, add_staff, purchase_lists, two_desks

if browser.chromium_paths() is None and not os.environ.get("CI"):
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)


@pytest.fixture
def chrome():
    driver, profile = browser.start("zh-CN")
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_staff_sign_in_and_read_the_demand(make_hq, tmp_path, creds, chrome):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(condition):  # for the page the click loads, not a timing check
        return WebDriverWait(chrome, 30).until(condition)

    server = make_hq()
    add_staff(server)
    desks = two_desks(tmp_path, server)
    expected, per_leader = purchase_lists(desks)

    chrome.get(server.url + "/admin/demand")
    assert "/admin/login" in chrome.current_url  # no session: the login page
    browser.log_in(chrome, server.url, "小周", "wrong password")
    assert "用户名或密码错误" in wait(ec.presence_of_element_located((By.ID, "message"))).text
    browser.log_in(chrome, server.url, "小周", PASSWORD)
    wait(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "需求汇总"))
    assert chrome.current_url.endswith("/admin/demand")

    seen = {}
    for row in chrome.find_elements(By.CSS_SELECTOR, "#demand tbody tr"):
        key = (
            row.get_attribute("data-product"),
            row.get_attribute("data-spec"),
            row.get_attribute("data-date"),
        )
        seen[key] = int(row.find_element(By.CLASS_NAME, "qty").text.split()[0])
        chips = row.find_elements(By.CLASS_NAME, "chip")
        assert len(chips) == len(per_leader[key])
    assert seen == dict(expected)

    # filter by one pickup date through the form, as a person would
    day = sorted({k[2] for k in expected})[-1]
    chrome.find_element(By.CSS_SELECTOR, f"#date option[value='{day}']").click()
    chrome.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait(ec.url_contains(f"date={day}"))
    dates = {
        r.get_attribute("data-date")
        for r in chrome.find_elements(By.CSS_SELECTOR, "#demand tbody tr")
    }
    assert dates == {day}

    # English through the toggle; the same figures
    chrome.find_element(By.LINK_TEXT, "English").click()
    wait(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Demand"))
    assert "需求汇总" not in chrome.page_source

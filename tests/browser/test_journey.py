"""The whole path in a real browser: spreadsheet upload -> computed result -> review (gates,
approve) -> certificate -> public verification -> subsidy eligibility -> award -> exports,
each step as the role that takes it, with screenshots of the main pages.

The journey is a list of steps sharing one ``Journey``; a new step is a function added to
``STEPS``. The plant lies in Changzhou, whose programme for provincial-or-higher zero-carbon
factories accepts a T/CECA-G 0171-2022 star rating (the service's provisional reading), so the
Changzhou officer sees it eligible and the Suzhou officer does not see it at all.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from factory_eval.certificates.models import Certificate
from factory_eval.organisations.models import Membership, Organisation, Role
from factory_eval.reporting import uploads
from factory_eval.reporting.intake.columns import COLUMNS
from factory_eval.reporting.intake.template import template_csv
from factory_eval.reporting.models import EnergyReport
from factory_eval.subsidies.models import Award
from factory_eval.subsidies.services import load_programmes
from tests.browser.conftest import PHONE, screenshot
from tests.roles import PASSWORD, build_cast, make_user

pytestmark = pytest.mark.browser

PLANT = "E2E-JS-01"
PLANT_NAME = "端到端示例整车厂（常州）"
TCECA = "t-ceca-g-0171-2022"
CHANGZHOU = "changzhou-2025-provincial-zero"


@dataclass
class Journey:
    site: object
    cast: object
    tmp: Path
    monkeypatch: pytest.MonkeyPatch
    report: EnergyReport | None = None
    certificate: Certificate | None = None
    page: object = None  # the plant manager's page, kept across steps
    officer_page: object = None  # the Changzhou officer's page

    def user(self, role: str):
        return self.cast.user(role)


def _spreadsheet(tmp: Path, name: str = "能源数据.csv", **changes) -> Path:
    """The intake template's example row (DOMAIN.md's worked example) for a plant in
    Changzhou (Jiangsu: the example's provincial grid factor)."""
    rows = list(csv.reader(io.StringIO(template_csv("zh-hans").decode("utf-8-sig"))))
    names = [column.name for column in COLUMNS]
    row = rows[1]
    row[names.index("plant_code")] = PLANT
    row[names.index("plant_name")] = PLANT_NAME
    row[names.index("city")] = "常州"
    for column, value in changes.items():
        row[names.index(column)] = str(value)
    path = tmp / name
    buffer = io.StringIO()
    csv.writer(buffer).writerows([rows[0], row])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def _bill_pdf() -> bytes:
    """A real one-page PDF (the reviewer's viewer renders it), drawn by matplotlib."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.27, 11.69))
    figure.text(
        0.1,
        0.9,
        "天然气账单  Natural gas bill 2022",
        fontsize=20,
        family=["WenQuanYi Zen Hei", "DejaVu Sans"],
    )
    figure.text(
        0.1,
        0.85,
        "6,000,000 m³ · 示例燃气公司",
        fontsize=14,
        family=["WenQuanYi Zen Hei", "DejaVu Sans"],
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    return buffer.getvalue()


def manager_signs_in_and_uploads_a_spreadsheet(journey: Journey) -> None:
    page = journey.site.page_as()
    page.goto("/")
    screenshot(page, "01-landing")
    page.get_by_role("link", name="登录").first.click()
    page.fill("#id_username", "manager_a")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(journey.site.base_url + "/manager/")
    screenshot(page, "02-manager-home")
    page.get_by_role("link", name="表格上传").click()
    # A refused file: every row error listed, and downloadable.
    page.set_input_files(
        "#id_file", str(_spreadsheet(journey.tmp, "有误.csv", natural_gas_m3=-5, province="火星"))
    )
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator("#upload-status")).to_have_attribute("data-status", "failed")
    expect(page.locator("#upload-problems")).to_contain_text("第 2 行")
    expect(page.locator("#upload-problems tbody tr")).to_have_count(2)
    screenshot(page, "03-upload-refused")
    with page.expect_download() as download:
        page.locator("a[href$='problems.xlsx']").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    # A good file, processed "by a worker" while the page polls its progress.
    page.goto("/uploads/")
    queued: list[int] = []
    with journey.monkeypatch.context() as patch:
        patch.setattr(
            uploads, "dispatch_on_commit", lambda _task, upload_id: queued.append(upload_id)
        )
        # Credits retired above the 43,867.6 t gross: the residual offset every star needs.
        page.set_input_files("#id_file", str(_spreadsheet(journey.tmp, offsets_tco2e=45000)))
        page.get_by_role("button", name="上传并校验").click()
        status = page.locator("#upload-status")
        expect(status).to_have_attribute("data-status", "pending")
        expect(status).to_have_attribute("hx-trigger", "every 1s")
        screenshot(page, "03-upload-pending")
    uploads.upload_process(queued[0])  # the task's body, as a worker runs it
    expect(status).to_have_attribute("data-status", "succeeded")  # seen by polling, no reload
    expect(page.locator("progress")).to_have_attribute("value", "100")
    screenshot(page, "03-upload-succeeded")
    journey.report = EnergyReport.objects.get(plant__code=PLANT, year=2022)
    page.locator(f"a[href='/reports/{journey.report.pk}/']").click()
    expect(page.locator("[data-figure=intensity]")).to_contain_text("219.34")
    journey.page = page


def result_page_in_both_languages(journey: Journey) -> None:
    page = journey.page
    expect(page.locator("[data-figure=clean_power_share]")).to_have_text("27.3 %")
    expect(page.locator("img[data-chart=breakdown]")).to_be_visible()
    expect(page.locator("#factor-sources")).to_contain_text("公告2024年第33号")
    expect(page.locator(".evaluation").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    screenshot(page, "04-result-zh")
    page.locator("[data-testid=language-en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#result h2")).to_have_text("Result")
    screenshot(page, "05-result-en")
    page.locator("[data-testid=language-zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    phone = journey.site.page_as(journey.user("manager_a"), viewport=PHONE)
    phone.goto(f"/reports/{journey.report.pk}/")
    expect(phone.locator(".nav-toggle")).to_be_visible()  # the menu folds on a phone
    expect(phone.locator("#site-nav")).to_be_hidden()
    phone.locator(".nav-toggle").click()
    expect(phone.locator("#site-nav")).to_be_visible()
    screenshot(phone, "06-result-phone")


def manager_chooses_criteria_adds_evidence_and_submits(journey: Journey) -> None:
    page = journey.page
    report = journey.report
    page.goto(f"/reports/{report.pk}/criteria/")
    page.locator(f"input[value='{TCECA}']").check()
    page.get_by_role("button", name="保存并评价").click()
    expect(page.locator(".evaluation")).to_have_count(1)
    expect(page.locator(f"[data-criteria='{TCECA}']")).to_have_attribute("data-status", "pending")
    page.goto(f"/reports/{report.pk}/edit/")
    # Inline validation: the error appears beside the field without leaving the page.
    page.fill("#id_natural_gas_m3", "-1")
    page.press("#id_natural_gas_m3", "Tab")
    expect(page.locator("#errors-natural_gas_m3")).to_contain_text("0")
    page.fill("#id_natural_gas_m3", "6000000")
    page.press("#id_natural_gas_m3", "Tab")
    expect(page.locator("#errors-natural_gas_m3 li")).to_have_count(0)
    # Evidence uploaded in place (htmx), checked by its content.
    bill = journey.tmp / "天然气账单.pdf"
    bill.write_bytes(_bill_pdf())
    page.set_input_files("#section-evidence input[type=file]", str(bill))
    page.locator("#section-evidence button[type=submit]").last.click()
    expect(page.locator("#section-evidence [data-evidence]")).to_have_count(1)
    screenshot(page, "07-report-edit")
    page.locator("[data-testid=submit-report]").first.click()
    expect(page.locator("h1 [data-status]")).to_have_attribute("data-status", "computed")
    # A manager does not review.
    expect(page.locator("nav").get_by_role("link", name="审核队列")).to_have_count(0)


def own_organisation_reviewer_may_not_take_it(journey: Journey) -> None:
    page = journey.site.page_as(journey.user("reviewer_a"))
    page.goto("/reviews/")
    row = page.locator(f"#waiting tr[data-report='{journey.report.pk}']")
    expect(row).to_contain_text("四眼")
    expect(row.locator("button")).to_have_count(0)


def reviewer_decides_every_gate_and_approves(journey: Journey) -> None:
    page = journey.site.page_as(journey.user("reviewer"))
    page.goto("/reviews/")
    page.locator(f"#waiting tr[data-report='{journey.report.pk}'] button").click()
    expect(page.locator("#gate-checklist")).to_be_visible()
    viewer = page.locator("iframe[name=evidence-viewer]")
    source = viewer.get_attribute("src")
    assert source and "/evidence/" in source and "/media/" not in source
    served = page.request.get(source)
    assert served.status == 200 and served.headers["content-type"] == "application/pdf"
    page.wait_for_timeout(1000)  # let Chromium's PDF viewer draw the page for the screenshot
    screenshot(page, "08-review-start")
    for gate in page.locator("#gate-checklist [data-gate]").evaluate_all(
        "rows => rows.map(row => row.dataset.gate)"
    ):
        before = int(page.locator("#gate-checklist").get_attribute("data-pending"))
        page.locator(f"#gate-{gate} input[value=confirmed]").check()
        page.locator(f"#gate-{gate} select").select_option(index=1)
        page.locator(f"[data-testid=decide-{gate}]").click()
        expect(page.locator(f"#gate-{gate}")).to_have_attribute("data-state", "confirmed")
        expect(page.locator("#gate-checklist")).to_have_attribute("data-pending", str(before - 1))
    expect(page.locator(f"#evaluations [data-criteria='{TCECA}']")).to_have_attribute(
        "data-status", "pass"
    )
    screenshot(page, "09-review-gates-confirmed")
    page.fill("#approve-comments", "证据齐全，同意。")
    page.locator("[data-testid=approve]").click()
    expect(page.locator("h1 [data-status]")).to_have_attribute("data-status", "approved")


def approval_issued_the_certificate(journey: Journey) -> None:
    """The approval's task (in-process here) issued one certificate for the level reached."""
    deadline = time.monotonic() + 60
    while not Certificate.objects.filter(report=journey.report).exists():
        assert time.monotonic() < deadline, "approval issued no certificate"
        time.sleep(0.2)
    journey.certificate = Certificate.objects.get(report=journey.report, criteria_slug=TCECA)
    assert journey.certificate.review.decision == "approved"


def manager_downloads_the_certificate(journey: Journey) -> None:
    page = journey.page
    page.goto(f"/reports/{journey.report.pk}/")
    row = page.locator(f"#certificates [data-serial='{journey.certificate.serial}']")
    expect(row).to_contain_text("有效")
    screenshot(page, "10-report-approved-with-certificate")
    with page.expect_download() as download:
        row.locator("[data-testid=certificate-pdf]").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def anyone_verifies_by_qr_code_or_serial(journey: Journey) -> None:
    page = journey.site.page_as()  # nobody signed in
    target = journey.certificate.payload["verification_url"]  # what the QR code encodes
    path = target[target.index("/verify/") :]
    page.goto(path)
    expect(page.locator("[data-status=valid]")).to_be_visible()
    expect(page.locator("main")).to_contain_text(PLANT_NAME)
    screenshot(page, "11-verify")
    page.goto("/verify/")
    page.fill("#serial", journey.certificate.serial.lower())
    page.get_by_role("button", name="核验").click()
    expect(page.locator("[data-status=valid]")).to_be_visible()
    assert (
        page.request.get(f"/certificates/{journey.certificate.serial}/pdf/", max_redirects=0).status
        == 302
    )  # the PDF needs a sign-in


def changzhou_officer(journey: Journey):
    """An officer of the Changzhou bureau (the plant's city), made once."""
    officer = journey.cast.user("officer_cz")
    if officer is None:
        officer = make_user("officer_cz")
        bureau = Organisation.objects.create(name_zh="常州市工信局", kind="government")
        Membership.objects.create(
            user=officer,
            organisation=bureau,
            role=Role.GOVERNMENT_OFFICER,
            province_code="32",
            city="常州",
        )
        journey.cast.users["officer_cz"] = officer
    return officer


def eligible_programmes_and_amounts(journey: Journey) -> None:
    page = journey.site.page_as(changzhou_officer(journey))
    page.goto("/officer/")
    page.get_by_role("link", name="补贴资格").first.click()
    plant = page.locator(f"[data-plant='{PLANT}']")
    offer = plant.locator(f"tr[data-programme='{CHANGZHOU}']")
    expect(offer.locator("[data-figure=max-award]")).to_have_text("1,000,000")
    expect(offer).to_contain_text(journey.certificate.serial)
    expect(offer.locator(".badge-provisional")).to_be_visible()  # the map is a reading
    expect(page.locator("#eligibility-provisional")).to_be_visible()
    screenshot(page, "12-eligibility")
    with page.expect_download() as download:
        page.locator("[data-testid=eligibility-export-csv]").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert PLANT in exported and CHANGZHOU in exported and journey.certificate.serial in exported
    with page.expect_download() as download:
        page.locator("[data-testid=eligibility-export-xlsx]").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    journey.officer_page = page


def officer_records_an_award_once(journey: Journey) -> None:
    page = journey.officer_page
    offer = page.locator(f"[data-plant='{PLANT}'] tr[data-programme='{CHANGZHOU}']")
    offer.locator(f"[data-testid=award-{CHANGZHOU}] summary").click()
    offer.locator("input[name=amount_cny]").fill("600000")
    offer.locator("input[name=reference]").fill("常工信〔2026〕8号")
    screenshot(page, "13-award-form")
    offer.get_by_role("button", name="登记奖补").click()
    expect(page.locator("#flash")).to_contain_text("常工信〔2026〕8号")
    expect(page.locator(f"#awards tr[data-award='{CHANGZHOU}|{PLANT}']")).to_contain_text(
        "600,000.00"
    )
    # Paid once: the plant is no longer offered under the programme.
    expect(page.locator(f"[data-plant='{PLANT}'] tr[data-programme='{CHANGZHOU}']")).to_have_count(
        0
    )
    screenshot(page, "14-award-recorded")
    assert Award.objects.filter(plant__code=PLANT, programme__code=CHANGZHOU).count() == 1
    with page.expect_download() as download:
        page.locator("[data-testid=awards-export-xlsx]").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"


def benchmarks_for_the_officer(journey: Journey) -> None:
    page = journey.officer_page
    page.goto("/benchmarks/")
    expect(page.locator("img[data-chart=benchmark-intensity]")).to_be_visible()
    expect(page.locator("img[data-chart=benchmark-distribution-intensity]")).to_be_visible()
    expect(page.locator(f"#benchmark-plants tr[data-plant='{PLANT}']")).to_be_visible()
    screenshot(page, "15-benchmarks")


def other_jurisdictions_see_nothing_of_it(journey: Journey) -> None:
    outside = journey.site.page_as(journey.user("officer_in"))  # Suzhou
    for path in ("/officer/eligibility/?show=all", "/officer/certificates/?status=all"):
        outside.goto(path)
        expect(outside.locator("main")).not_to_contain_text(PLANT)
        expect(outside.locator("main")).not_to_contain_text(journey.certificate.serial)


def roles_do_not_see_what_is_not_theirs(journey: Journey) -> None:
    report = journey.report.pk
    anonymous = journey.site.page_as()
    anonymous.goto("/manager/")
    expect(anonymous).to_have_url(journey.site.base_url + "/accounts/login/?next=/manager/")
    other_manager = journey.site.page_as(journey.user("manager_b"))
    response = other_manager.goto(f"/reports/{report}/")
    assert response.status == 404
    expect(other_manager.locator("h1")).to_have_text("未找到")
    assert (
        journey.site.page_as(journey.user("officer_in")).goto(f"/reports/{report}/").status == 404
    )  # another city's plant
    officer = journey.site.page_as(changzhou_officer(journey))
    assert officer.goto(f"/reports/{report}/edit/").status == 403
    assert officer.goto(f"/reports/{report}/history/").status == 404
    assert officer.goto("/uploads/").status == 403
    assert officer.goto(f"/reports/{report}/").status == 200  # approved: read only
    expect(officer.locator("[data-testid=submit-report]")).to_have_count(0)
    reviewer = journey.site.page_as(journey.user("reviewer"))
    assert reviewer.goto("/officer/eligibility/").status == 403


STEPS = [
    manager_signs_in_and_uploads_a_spreadsheet,
    result_page_in_both_languages,
    manager_chooses_criteria_adds_evidence_and_submits,
    own_organisation_reviewer_may_not_take_it,
    reviewer_decides_every_gate_and_approves,
    approval_issued_the_certificate,
    manager_downloads_the_certificate,
    anyone_verifies_by_qr_code_or_serial,
    eligible_programmes_and_amounts,
    officer_records_an_award_once,
    benchmarks_for_the_officer,
    other_jurisdictions_see_nothing_of_it,
    roles_do_not_see_what_is_not_theirs,
]


def test_from_spreadsheet_to_certificate_to_eligibility(
    site, editions, criteria, certificate_settings, tmp_path, monkeypatch
):
    load_programmes()
    journey = Journey(site=site, cast=build_cast(), tmp=tmp_path, monkeypatch=monkeypatch)
    for step in STEPS:
        started = time.monotonic()
        step(journey)
        print(f"{step.__name__}: {time.monotonic() - started:.1f} s")

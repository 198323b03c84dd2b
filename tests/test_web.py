"""The web page (`taskdoc serve`): who may open it, what it shows, and a clerk's round in a real
browser (Playwright driving Debian's chromium): upload a workbook with two errors, see both cells,
fix them, build, watch the progress reach 100 %, download the notice and read it.

Screenshots go to $TASKDOC_SCREENSHOTS (default: a folder under pytest's temporary folder)."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.serve import serve
from generator.web.server import Server

from .conftest import CHROMIUM
from .helpers import SHIPPED, cell, sheets, write

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "工作文件夹"
    (ws / "source").mkdir(parents=True)
    shutil.copyfile(SHIPPED, ws / "source" / "decomposition.xlsx")
    return ws


@pytest.fixture
def server(workspace: Path) -> Iterator[Server]:
    s = Server(workspace).start()
    yield s
    s.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("TASKDOC_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def request(server: Server, path: str, method: str = "GET", headers: dict[str, str] | None = None,
            body: bytes | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{server.port}", **(headers or {})})
    return conn.getresponse()


def cookie(server: Server) -> dict[str, str]:
    return {"Cookie": f"{server.guard.cookie}={server.guard.token}"}


# -- who may open the page (plain HTTP) --------------------------------------------------------------


def test_the_token_opens_the_page_and_sets_a_cookie(server):
    first = request(server, f"/?token={server.guard.token}")
    assert first.status == 302 and first.headers["Location"].endswith("/")
    assert "token=" not in first.headers["Location"]
    assert f"{server.guard.cookie}={server.guard.token}" in first.headers["Set-Cookie"]
    assert "HttpOnly" in first.headers["Set-Cookie"] and "SameSite=Strict" in first.headers["Set-Cookie"]
    page = request(server, "/", headers=cookie(server))
    assert page.status == 200 and "任务分解表检查结果" in page.read().decode()


@pytest.mark.parametrize("path", ["/", "/build", "/api/source", "/files/通知.docx", "/?token=wrong"])
def test_without_the_token_every_page_is_refused(server, path):
    response = request(server, urllib.parse.quote(path, safe="/?="))
    assert response.status == 403
    assert "没有访问权限" in response.read().decode()


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1:1", "localhost", "10.0.0.1:{port}", ""])
def test_a_wrong_host_header_is_refused_even_with_the_token(server, host):
    """DNS rebinding: another site's name pointed at 127.0.0.1 sends its own name as Host."""
    response = request(server, "/", headers={**cookie(server), "Host": host.format(port=server.port)})
    assert response.status == 400


def test_localhost_by_name_is_accepted(server):
    assert request(server, "/", headers={**cookie(server), "Host": f"localhost:{server.port}"}).status == 200


def test_a_post_needs_the_token_itself_not_only_the_cookie(server):
    """Another page can make the browser post with its cookie (CSRF); it cannot read the token."""
    assert request(server, "/api/build", "POST", cookie(server)).status == 403
    ok = request(server, "/api/build", "POST", {**cookie(server), "X-Taskdoc-Token": server.guard.token})
    assert ok.status == 200


def test_two_builds_at_once_share_the_lock_as_on_the_command_line(server):
    """Two tabs press 生成: the second waits for the first (the CLI's words), then finds nothing changed."""
    post = {**cookie(server), "X-Taskdoc-Token": server.guard.token}
    ids = [json.loads(request(server, "/api/build", "POST", post).read())["job"] for _ in range(2)]
    statuses = []
    for job in ids:
        deadline = time.monotonic() + 120
        while not (status := json.loads(request(server, f"/api/jobs/{job}", headers=cookie(server)).read()))[
                "finished"]:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        statuses.append(status)
    assert [s["error"] for s in statuses] == ["", ""]
    assert [s["percent"] for s in statuses] == [100, 100]
    jobs = [server._app.extensions["taskdoc"]["jobs"].get(job) for job in ids]
    waited = ["另一个 taskdoc 正在向这个输出文件夹写入文件，等待它完成……" in job.messages for job in jobs]
    unchanged = ["都是最新的" in status["summary"]["headline"] for status in statuses]
    assert waited == unchanged and sorted(waited) == [False, True]  # whichever took the lock second
    # the progress bar's count is exact: the notice, 18 letters, matrix, print-all file, 18 forms, cover note
    built = statuses[waited.index(False)]
    assert built["done"] == built["total"] == 1 + 18 + 2 + 18 + 1


@pytest.mark.parametrize("path", ["../source/decomposition.xlsx", "..%2Fsource%2Fdecomposition.xlsx",
                                  "%2Fetc%2Fpasswd", "../../../../etc/passwd", ".taskdoc-build.json"])
def test_downloads_stay_inside_output(server, workspace, path):
    (workspace / "output").mkdir()
    (workspace / "output" / ".taskdoc-build.json").write_text("{}")
    response = request(server, "/files/" + path, headers=cookie(server))
    # /files//etc/passwd: Werkzeug merges the slashes, redirecting to /files/etc/passwd (output/etc/passwd)
    assert response.status == 404 or (response.status == 308 and response.headers["Location"].endswith(
        f"127.0.0.1:{server.port}/files/etc/passwd"))
    assert b"root:" not in response.read()


@pytest.fixture
def built(workspace: Path) -> Path:
    """The workspace built as 生成文书 builds it; its notice."""
    from generator import api

    api.build(workspace / "source" / "decomposition.xlsx", workspace / "output", workspace / "templates")
    return next((workspace / "output").glob("通知_*.docx"))


@pytest.mark.render
def test_a_page_of_the_notice_is_previewed_as_png(server, workspace, built):
    rel = built.relative_to(workspace / "output").as_posix()
    query = urllib.parse.quote(rel)
    pages = request(server, f"/api/preview?path={query}", headers=cookie(server))
    assert pages.status == 200
    count = json.loads(pages.read())["pages"]
    assert count >= 2  # the notice and the workbook printed after it
    first = request(server, f"/preview?path={query}&page=1", headers=cookie(server))
    assert first.status == 200 and first.headers["Content-Type"] == "image/png"
    png = first.read()
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert 400 < width < 600 and 600 < height < 800  # A4 at 60 dpi: 496 x 702
    assert built.with_suffix(".pdf").is_file()
    cached = list((workspace / "output" / ".预览").rglob("*.png"))
    assert len(cached) == 1
    # the same page again comes from the cache; the build does not list the hidden folder
    assert request(server, f"/preview?path={query}&page=1", headers=cookie(server)).read() == png
    assert not any(".预览" in str(p) for p in api_outputs(workspace))
    missing = request(server, f"/preview?path={query}&page=99", headers=cookie(server))
    assert missing.status == 404 and f"没有第 99 页（共 {count} 页）" in missing.read().decode()


def api_outputs(workspace: Path) -> list[Path]:
    from generator.workspace import Outputs

    return Outputs(workspace / "output").documents((".docx", ".xlsx", ".png"))


@pytest.mark.parametrize("path", ["../source/decomposition.xlsx", "..%2Fsource%2Fdecomposition.xlsx",
                                  "%2Fetc%2Fpasswd", ".taskdoc-build.json", ".预览%2Fx.docx"])
def test_previews_stay_inside_output_as_downloads_do(server, workspace, path):
    (workspace / "output" / ".预览").mkdir(parents=True)
    (workspace / "output" / ".taskdoc-build.json").write_text("{}")
    (workspace / "output" / ".预览" / "x.docx").write_text("x")
    for endpoint in ("/preview", "/api/preview"):
        response = request(server, f"{endpoint}?path={urllib.parse.quote(path, safe='%')}&page=1",
                           headers=cookie(server))
        assert response.status == 404
        assert b"root:" not in response.read()
    assert request(server, "/preview?path=x.docx").status == 403  # no token: refused first


def test_without_libreoffice_the_preview_says_so_in_chinese(server, workspace, monkeypatch):
    (workspace / "output").mkdir()
    (workspace / "output" / "通知.docx").write_bytes(b"PK")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    response = request(server, "/api/preview?path=" + urllib.parse.quote("通知.docx"), headers=cookie(server))
    assert response.status == 404 and "没有找到 LibreOffice" in json.loads(response.read())["error"]
    page = request(server, "/preview?path=" + urllib.parse.quote("通知.docx") + "&page=1", headers=cookie(server))
    assert page.status == 404 and "没有找到 LibreOffice" in page.read().decode()


def test_a_missing_file_gets_a_page_in_chinese(server):
    response = request(server, urllib.parse.quote("/files/没有这个文件.docx"), headers=cookie(server))
    assert response.status == 404 and "没有这个页面或文件" in response.read().decode()


def test_returned_forms_are_copied_where_the_disk_has_no_hard_links(server, workspace, monkeypatch):
    """A FAT or exFAT USB disk: os.link fails; the form is copied, still never over another file."""
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    kept = workspace / "收到的报表" / "2020年第四季度"
    kept.mkdir(parents=True)
    (kept / "表.xlsx").write_bytes(b"first")
    body, boundary = _multipart("forms", "表.xlsx", b"second", fields={"_token": server.guard.token})
    response = request(server, "/upload-forms/2020Q4", "POST", {
        **cookie(server), "Content-Type": f"multipart/form-data; boundary={boundary}"}, body)
    assert response.status == 302
    assert (kept / "表.xlsx").read_bytes() == b"first" and (kept / "表_2.xlsx").read_bytes() == b"second"


def test_an_upload_too_large_is_refused_and_nothing_written(server, workspace, monkeypatch):
    from generator.reporting import returns

    before = (workspace / "source" / "decomposition.xlsx").read_bytes()
    body, boundary = _multipart("workbook", "大.xlsx", b"PK" + b"0" * (returns.MAX_FILE_BYTES + 10))
    response = request(server, "/upload", "POST", {**cookie(server), "X-Taskdoc-Token": server.guard.token,
                                                   "Content-Type": f"multipart/form-data; boundary={boundary}"}, body)
    assert response.status in (400, 413)
    assert (workspace / "source" / "decomposition.xlsx").read_bytes() == before
    assert sorted(p.name for p in (workspace / "source").iterdir()) == ["decomposition.xlsx"]


def test_an_upload_that_is_no_workbook_is_refused(server, workspace):
    body, boundary = _multipart("workbook", "../../x.xlsx", b"not a zip")
    response = request(server, "/upload", "POST", {**cookie(server), "X-Taskdoc-Token": server.guard.token,
                                                   "Content-Type": f"multipart/form-data; boundary={boundary}"}, body)
    assert response.status == 400
    assert sorted(p.name for p in (workspace / "source").iterdir()) == ["decomposition.xlsx"]
    assert not (workspace.parent / "x.xlsx").exists()


def test_many_returned_forms_at_once_are_kept_as_they_came(server, workspace):
    """A quarter's forms come in one upload (more than the workbook upload's form parts), each kept
    under its own name; an .xls is refused in collect's words; a path in a name is dropped."""
    files = [("forms", f"{i:02d}_单位_2020年第四季度报表.xlsx", f"form {i}".encode()) for i in range(30)]
    files += [("forms", "旧格式.xls", b"old"), ("forms", "../../逃出去.xlsx", b"out")]
    body, boundary = _multipart(files=files, fields={"_token": server.guard.token})
    response = request(server, "/upload-forms/2020Q4", "POST", {
        **cookie(server), "Content-Type": f"multipart/form-data; boundary={boundary}"}, body)
    assert response.status == 302
    message = urllib.parse.unquote_plus(response.headers["Location"])
    assert "已保存 31 份报表" in message and "旧格式.xls（Excel 97-2003 工作簿（.xls）" in message
    kept = workspace / "收到的报表" / "2020年第四季度"
    assert len(list(kept.iterdir())) == 31 and (kept / "逃出去.xlsx").read_bytes() == b"out"
    assert (kept / "07_单位_2020年第四季度报表.xlsx").read_bytes() == b"form 7"
    assert not (workspace.parent / "逃出去.xlsx").exists()


def _multipart(field: str = "", name: str = "", data: bytes = b"", files: list[tuple[str, str, bytes]] | None = None,
               fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = "taskdoc-test-boundary"
    body = b""
    for key, value in (fields or {}).items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
    for part, filename, content in files or [(field, name, data)]:
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{part}"; filename="{filename}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), boundary


def test_serve_on_every_address_refuses_to_start_without_a_password(workspace, monkeypatch):
    monkeypatch.delenv("TASKDOC_PASSWORD", raising=False)
    result = CliRunner().invoke(serve, ["--workspace", str(workspace), "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code != 0
    assert "必须设置密码" in str(result.exception) and "TASKDOC_PASSWORD" in str(result.exception)


def test_serve_prints_the_address_with_its_token(workspace, monkeypatch):
    def stop(self: Server) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Server, "run", stop)
    result = CliRunner().invoke(serve, ["--workspace", str(workspace), "--no-browser"])
    assert result.exit_code == 0, result.output
    assert "taskdoc 网页已启动" in result.output and "已停止" in result.output
    assert re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", result.output)


def test_with_a_password_the_login_page_lets_a_colleague_in(workspace):
    s = Server(workspace, password="口令123").start()
    try:
        assert request(s, "/").status == 403
        body = urllib.parse.urlencode({"password": "口令123"}).encode()
        login = request(s, "/login", "POST", {"Content-Type": "application/x-www-form-urlencoded"}, body)
        assert login.status == 302
        assert f"{s.guard.cookie}={s.guard.token}" in login.headers["Set-Cookie"]
    finally:
        s.close()


# -- in the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_the_page_opens_with_its_token_and_shows_the_check(server, page, shots):
    page.goto(server.url)
    assert "token=" not in page.url
    page.wait_for_selector("#verdict")
    assert "检查通过" in page.text_content("#verdict")
    assert "发文字号" in page.text_content("#summary")
    page.screenshot(path=str(shots / "01_工作台_检查通过.png"), full_page=True)


@pytest.mark.browser
def test_without_the_token_the_browser_gets_403(server, page, shots):
    response = page.goto(f"http://127.0.0.1:{server.port}/")
    assert response.status == 403
    assert "没有访问权限" in page.text_content("body")
    page.screenshot(path=str(shots / "02_没有口令.png"))


@pytest.mark.browser
def test_a_clerks_round_upload_fix_build_download(server, workspace, page, shots, tmp_path):
    from docx import Document

    page.goto(server.url)
    broken = sheets()
    cell(broken, "任务分解", "E3", None)  # no lead unit
    cell(broken, "发文信息", "B8", "2024年13月1日")  # no such date
    page.set_input_files("input[name=workbook]", str(write(tmp_path / "有两处错误.xlsx", broken)))
    page.click("form.upload button")
    page.wait_for_selector("#problems")
    assert "已上传" in page.text_content(".flash")
    rows = page.locator("#problems tbody tr")
    assert rows.count() == 2
    cells = {(rows.nth(i).locator("td").nth(1).text_content(), rows.nth(i).locator("td").nth(2).text_content())
             for i in range(2)}
    assert cells == {("任务分解", "E3（牵头单位）"), ("发文信息", "B8（成文日期）")}
    assert "检查未通过：2 个错误" in page.text_content("#verdict")
    backups = list((workspace / "source" / "以前的任务分解表").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == SHIPPED.read_bytes()
    page.screenshot(path=str(shots / "03_工作台_两处错误.png"), full_page=True)

    # a build now is refused with the CLI's words
    page.click("text=② 生成文书")
    page.click("#start")
    page.wait_for_selector("#build .error:not([hidden])")
    assert "发现 2 个错误，未生成任何文件" in page.text_content("#build .error")
    page.screenshot(path=str(shots / "04_生成_表格有错误.png"), full_page=True)

    page.click("text=① 工作台")
    page.set_input_files("input[name=workbook]", str(write(tmp_path / "改好的.xlsx", sheets())))
    page.click("form.upload button")
    page.wait_for_selector("#verdict")
    assert "检查通过" in page.text_content("#verdict")
    assert page.locator("#problems").count() == 0

    page.click("text=② 生成文书")
    page.click("#start")
    page.wait_for_selector("#build .result:not([hidden])", timeout=120_000)
    assert page.text_content("#build .fill") == "100%"
    assert "已完成 100%" in page.text_content("#build .count")
    assert page.text_content("#build .headline").startswith("已生成")
    page.screenshot(path=str(shots / "05_生成_完成.png"), full_page=True)

    # 预览 of the notice: its first page as a picture, then the second
    page.click("#build li:has(a:has-text('通知_测政办发')) a.look")
    page.wait_for_function("() => { const i = document.querySelector('#preview img.page');"
                           " return !i.hidden && i.complete && i.naturalWidth > 0; }", timeout=120_000)
    assert page.text_content("#preview .pageno").startswith("第 1 / ")
    assert page.text_content("#preview .name").startswith("通知_测政办发")
    page.locator("#preview").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "12_生成_预览.png"), full_page=True)
    page.click("#preview .next")
    page.wait_for_function("() => { const i = document.querySelector('#preview img.page');"
                           " return i.src.endsWith('page=2') && i.complete && i.naturalWidth > 0; }")
    assert page.text_content("#preview .pageno").startswith("第 2 / ")
    page.click("#preview .close")
    assert page.locator("#preview").is_hidden()

    with page.expect_download() as download:
        page.click("a:has-text('通知_测政办发')")
    notice = tmp_path / download.value.suggested_filename
    download.value.save_as(notice)
    text = "\n".join(p.text for p in Document(notice).paragraphs)
    assert "测试市人民政府办公室关于印发测试任务分解表的通知" in text.replace("\n", "")
    assert "现将任务分解表印发给你们" in text

    with page.expect_download() as everything:
        page.click("#build .zip")
    names = zipfile.ZipFile(io.BytesIO(Path(everything.value.path()).read_bytes())).namelist()
    assert notice.name in names and any(n.startswith("交办函/") for n in names)

    # the same build again: nothing changed, nothing rewritten
    page.click("#start")
    page.locator("#build .headline", has_text="都是最新的").wait_for()
    page.screenshot(path=str(shots / "06_生成_没有变化.png"), full_page=True)


@pytest.mark.browser
def test_a_quarter_forms_returned_forms_and_their_summary(server, workspace, page, shots, tmp_path):
    from openpyxl import load_workbook

    from .test_collect import fill

    page.goto(server.url)
    page.click("text=③ 季度报送")
    page.select_option("#quarter", "2020Q4")  # chosen, the page switches to it
    page.wait_for_url("**/quarter?q=2020Q4")
    page.click("#reports .start")
    page.wait_for_selector("#reports .result:not([hidden])", timeout=120_000)
    assert page.text_content("#reports .fill") == "100%"
    assert page.locator("#reports .files a", has_text="市统计局_2020年第四季度报表.xlsx").count() == 1
    page.screenshot(path=str(shots / "07_季度报送_生成报表.png"), full_page=True)

    forms = workspace / "output" / "季度报表" / "2020年第四季度"
    returned = tmp_path / "报回"
    returned.mkdir()

    def form(unit: str, date: str) -> str:
        src = next(forms.glob(f"*_{unit}_2020年第四季度报表.xlsx"))
        return str(fill(src, returned / src.name, unit, date=date))

    files = [form("市委军民融合办", "2021年1月4日"), form("市统计局", "2021年1月5日"), form("市审计局", "2021年1月8日")]
    page.set_input_files("input[name=forms]", files)
    page.click("form.drop button")
    page.wait_for_selector(".flash")
    assert "已保存 3 份报表" in page.text_content(".flash")
    kept = workspace / "收到的报表" / "2020年第四季度"
    assert sorted(p.read_bytes() for p in kept.iterdir()) == sorted(Path(f).read_bytes() for f in files)
    page.set_input_files("input[name=forms]", files[:1])  # the same file again: not saved twice
    page.click("form.drop button")
    assert "1 份与已收到的文件完全相同" in page.text_content(".flash")
    assert len(list(kept.iterdir())) == 3
    # a file dropped on the dashed box (not on the button) is uploaded too; collect reports it unreadable
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["not a form"], "拖进来的.xlsx"));
        document.querySelector("form.drop").dispatchEvent(
            new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""")
    page.locator(".flash", has_text="已保存 1 份报表").wait_for()
    assert (kept / "拖进来的.xlsx").read_bytes() == b"not a form"

    page.click("#collect .start")
    page.wait_for_selector("#collect .result:not([hidden])", timeout=120_000)
    facts = [page.locator("#collect .fact b").nth(i).text_content() for i in range(4)]
    assert facts == ["18", "3", "1", "15"]
    summary = load_workbook(next((workspace / "output" / "汇总" / "2020年第四季度").glob("汇总表_*.xlsx")))
    assert "应报18个，已报3个，其中逾期1个，未报15个" in summary["报送情况"]["A1"].value
    states = {r[1]: r[2] for r in summary["报送情况"].iter_rows(min_row=3, values_only=True) if r[0] is not None}
    rows = page.locator("#collect table.units tbody tr")
    shown = {rows.nth(i).locator("td").nth(0).text_content(): rows.nth(i).locator("td").nth(1).text_content()
             for i in range(rows.count())}
    assert shown == states
    assert page.locator("#collect table.problems", has_text="拖进来的.xlsx").count() == 1
    page.screenshot(path=str(shots / "08_季度报送_汇总.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#collect .files a:has-text('汇总表_2020年第四季度.xlsx')")
    assert download.value.suggested_filename == "汇总表_2020年第四季度.xlsx"


@pytest.mark.browser
def test_issue_edit_a_measure_see_the_diff_issue_again(server, workspace, page, shots):
    from docx import Document

    source = workspace / "source" / "decomposition.xlsx"
    write(source, sheets())
    page.goto(server.url)
    page.click("text=④ 版本")
    assert "还没有印发过版本" in page.text_content("main")
    page.click("#issue .start")
    page.locator("#issue .headline", has_text="已印发第1版").wait_for(timeout=120_000)
    page.screenshot(path=str(shots / "09_版本_印发第1版.png"), full_page=True)

    edited = sheets()
    cell(edited, "任务分解", "D3", "1.培育科技型企业。")
    cell(edited, "发文信息", "B3", "测政办发〔2024〕6号")
    write(source, edited)
    page.click("text=④ 版本")
    assert "相比有" in page.text_content("#diff-verdict")
    changes = page.locator("#changes tbody tr")
    assert page.locator("#changes ins", has_text="型").count() == 1
    assert any("发文字号" in changes.nth(i).text_content() for i in range(changes.count()))
    page.screenshot(path=str(shots / "10_版本_差别.png"), full_page=True)

    page.click("#issue .start")
    page.locator("#issue .headline", has_text="已印发第2版").wait_for(timeout=120_000)
    page.click("text=④ 版本")
    assert page.locator("#versions tbody tr").count() == 2
    assert "没有变化" in page.text_content("#diff-verdict")
    with page.expect_download() as download:
        page.click("#versions tbody tr >> nth=0 >> a:has-text('修订对照表')")
    revision = Path(download.value.path())
    text = "".join(p.text for p in Document(revision).paragraphs) + "".join(
        c.text for t in Document(revision).tables for row in t.rows for c in row.cells)
    assert "培育科技型企业" in text
    page.screenshot(path=str(shots / "11_版本_印发第2版.png"), full_page=True)

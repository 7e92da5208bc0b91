"""A real browser enters the whole Japanese example through the wizard alone (no upload), checking
each step at desktop and phone width, and gets back exactly the example; the vendor pack it downloads
holds no withheld text.

Same setup as test_browser.py (Playwright + Debian chromium). Rows are created the way a PM would:
pasted in bulk where the wizard offers it, else with "add row" and the number wanted; then every field is
typed, ticked or chosen. At 390 px no page may scroll sideways.
"""
from __future__ import annotations

import io
import re
import zipfile

from rfpgen.web.forms import ADD_AT_ONCE, drop_blank, paste_columns
from rfpgen.web.steps import FORM_STEPS, Group, Table
from rfpgen.yamlio import format_path, read

from browser_support import ARGS, CHROMIUM, playwright_api, pytestmark  # noqa: F401 - pytestmark applies here
from web_support import ROOT

EXAMPLE = ROOT / "examples" / "ja-ec-order-center.yaml"


def _keys(node) -> tuple:
    return tuple(node.key.split("."))


def _get(data, keys):
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def plan_step(step, data):
    """What to do on one step: tables to fill (outer before inner) and every field's value."""
    tables, fields = [], []

    def visit(node, container, path, depth):
        value = _get(container, _keys(node))
        full = path + _keys(node)
        if node.is_field:
            if node.kind != "show" and value is not None:
                fields.append((depth, format_path(full), node, value))
            return
        if isinstance(node, Group):
            for child in node.children:
                visit(child, value if isinstance(value, dict) else {}, full, depth)
            return
        rows = value if isinstance(value, list) else []
        if rows and not node.fixed:
            tables.append((depth, format_path(full), node, rows))
        for i, row in enumerate(rows):
            for child in node.children:
                visit(child, row, full + (i,), depth + 1)

    for section in step.sections:
        for node in section.children:
            visit(node, data, (), 0)
    return sorted(tables, key=lambda t: t[0]), fields


def _pasteable(table: Table, rows) -> str | None:
    if not table.paste:
        return None
    columns = paste_columns(table)
    lines = []
    for row in rows:
        cells = [str(row.get(c.key, "")) for c in columns]
        if any("\n" in cell or "\t" in cell for cell in cells):
            return None
        lines.append("\t".join(cells))
    return "\n".join(lines)


def _reload_anchor(page):
    page.wait_for_load_state("load")


def enter_step(page, step, data):
    """Level by level: rows of the outer tables (pasted, then added), their fields, then the tables inside.
    A paste saves the form, and a normal save drops rows left blank, so pastes come before "add row"."""
    tables, fields = plan_step(step, data)
    for depth in range(0, 1 + max([t[0] for t in tables] + [f[0] for f in fields] + [0])):
        fill_fields(page, [f for f in fields if f[0] == depth])
        level = [t for t in tables if t[0] == depth]
        for _, name, table, rows in sorted(level, key=lambda t: _pasteable(t[2], t[3]) is None):
            text = _pasteable(table, rows)
            if text is not None:
                box = page.locator(f'textarea[name="{name}#paste"]')
                box.locator("xpath=ancestor::details").locator("summary").click()
                box.fill(text)
                with page.expect_navigation():
                    box.locator("xpath=ancestor::details").locator('button[value="save"]').click()
            else:  # the count box beside "add row": all of a table's rows with one save
                for start in range(0, len(rows), ADD_AT_ONCE):
                    page.locator(f'input[name="{name}#add"]').fill(str(min(ADD_AT_ONCE, len(rows) - start)))
                    with page.expect_navigation():
                        page.locator(f'button[value="add:{name}"]').click()


def fill_fields(page, fields):
    for _, name, node, value in fields:
        locator = page.locator(f'[name="{name}"]')
        if node.kind == "bool":
            locator.set_checked(value is True)
        elif node.kind == "picks":
            for box in page.locator(f'input[name="{name}"]').all():
                box.set_checked(box.get_attribute("value") in value)
        elif node.kind == "enum":
            locator.select_option(str(value))
        elif node.kind == "lines":
            locator.fill("\n".join(map(str, value)))
        elif node.kind in ("csv", "numbers"):
            locator.fill(", ".join(map(str, value)))
        else:
            locator.fill(str(value))


WIDTHS = (1366, 390)  # a laptop and a phone


def _no_sideways_scroll(page, visible=()):
    """The page as it stands, at each of WIDTHS (the window resized, back to the first at the end): no
    sideways scrolling, and each of `visible` (selectors) on the page. One walk through the wizard checks
    every filled step at both widths (two walks took twice as long and typed the same)."""
    for width in (*WIDTHS[1:], WIDTHS[0]):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (page.url, width)
        for selector in visible:
            target = page.locator(selector).first
            target.scroll_into_view_if_needed()
            assert target.is_visible(), (page.url, width, selector)


def test_the_whole_japanese_example_through_the_wizard(server, tmp_path):
    data = read(EXAMPLE)[0].data
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, accept_downloads=True, locale="ja-JP")
        page = context.new_page()
        page.set_default_timeout(60000)
        page.goto(server + "/lang/ja")
        page.select_option("#blank-language", "ja")
        page.click("#start-blank")
        page.wait_for_url(re.compile(r"/p/[^/]+/project$"))
        base = page.url.rsplit("/", 1)[0]
        for step in FORM_STEPS:
            page.goto(f"{base}/{step.key}")
            _no_sideways_scroll(page, ["h1"])
            enter_step(page, step, data)
            _no_sideways_scroll(page, ['.actions button[value="save"]', '.actions button[value="next"]'])
            with page.expect_navigation():
                page.locator('.actions button[value="next"]').click()
            _no_sideways_scroll(page)

        exported = page.request.get(f"{base}/export.yaml").text()
        from rfpgen.yamlio import parse

        typed = parse(exported, "exported.yaml")[0].data
        example = drop_blank(data)
        typed["project"].pop("date", None), example["project"].pop("date", None)
        assert typed == example

        page.goto(f"{base}/review")
        _no_sideways_scroll(page)
        assert "エラーはありません" in page.locator(".alert").first.inner_text()
        page.goto(f"{base}/build")
        page.click("#build-button")
        page.wait_for_selector('[id^="download-vendor-"]', timeout=120000)  # the build runs as a job
        _no_sideways_scroll(page, ['[id^="download-vendor-"]'])
        assert "提案者へ送付" in page.content() and "社外秘" in page.content()
        with page.expect_download() as info:
            page.locator('[id^="download-vendor-"]').click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        browser.close()

    import docx

    from rfpgen.validation import load_project

    withheld = load_project(EXAMPLE).withheld()  # still withheld: not disclosed by a published answer
    assert withheld
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        assert any(n.endswith("-rfp.docx") for n in names)
        assert not any(n.endswith(("-requirements.docx", "-evaluator-guide.docx", ".yaml")) for n in names)
        text = ""
        for name in names:
            if name.endswith(".docx"):
                document = docx.Document(io.BytesIO(bundle.read(name)))
                text += "\n".join(p.text for p in document.paragraphs)
                text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    squeezed = re.sub(r"\s+", "", text)
    for requirement in withheld:
        assert re.sub(r"\s+", "", requirement.text) not in squeezed, requirement.id
        assert re.sub(r"\s+", "", requirement.look_for) not in squeezed, requirement.id

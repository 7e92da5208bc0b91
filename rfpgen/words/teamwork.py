"""Interface words for working together on one draft: merged saves, overlapping changes decided per field."""
from __future__ import annotations

TEAMWORK: dict[str, tuple[str, str]] = {

    "ui.merged": ("同時に保存された他の人の変更（リビジョン {n}）と統合しました。",
                  "Merged with the changes others saved meanwhile (revision {n})."),
    "ui.conflict_title": ("他の人の保存と同じ項目が重なりました", "Someone else changed the same fields"),
    # No brackets around the values: a date (2026年12月4日（金）) holds its own.
    "ui.conflict_text": ("このページを開いた後に、別のタブまたは別の人が同じ項目を変更しました。開いたときはリビジョン {base}、"
                         "現在はリビジョン {current} です。最新の保存：{when}、{step}。あなたの入力は失われていません。"
                         "重なった項目ごとに、残す値を選んでください。重なっていない変更は、あなたの分も他の人の分もすべて残ります。",
                         "After you opened this page at revision {base}, another tab or person changed the same fields. "
                         "Latest save: revision {current}, {when}, {step}. Nothing you typed is lost. For each field "
                         "below, choose which value stays; all other changes, yours and theirs, are kept."),
    "ui.conflict_field": ("項目", "Field"),
    "ui.conflict_theirs": ("現在の値（他の人）", "Current value (theirs)"),
    "ui.conflict_mine": ("あなたの入力", "What you typed"),
    "ui.conflict_keep_theirs": ("現在の値を残す", "Keep theirs"),
    "ui.conflict_keep_mine": ("自分の入力にする", "Use mine"),
    "ui.conflict_save": ("選んだ内容で保存する", "Save these choices"),
    "ui.conflict_open_current": ("自分の入力を捨てて現在の内容を開く", "Discard my typing and open the current version"),
    "ui.conflict_none": ("重なっている項目はもうありません。保存すると、あなたの変更が現在の内容に加わります。",
                         "No field overlaps any more; saving adds your changes to the current version."),
    "ui.conflict_gone": ("この保存はもう比較できません。保存履歴から開いてください。",
                         "This submission can no longer be compared; open it from the save history."),
    "ui.summary_resolved": ("重なりを解決して保存", "saved after resolving overlapping changes"),
    "ui.compare_title": ("リビジョン {old} とリビジョン {new} の比較", "Revision {old} compared with revision {new}"),
    "ui.compare_same": ("2つのリビジョンの内容は同じです。", "The two revisions hold the same data."),
    "ui.compare_button": ("比較する", "Compare"),
    "ui.compare_old": ("比較元のリビジョン", "Older revision"),
    "ui.compare_new": ("比較先のリビジョン", "Newer revision"),
}

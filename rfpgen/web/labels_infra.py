"""UI words for working together (merged saves, field-by-field conflicts) and background jobs,
in Japanese and English; merged into the wizard's catalogue (rfpgen.web.labels)."""
from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # working together
    "ui.merged": ("保存しました。同時に保存された他の変更（版 {n}）と統合しました。",
                  "Saved, together with the other changes saved meanwhile (revision {n})."),
    "ui.conflict_title": ("他の人の保存と同じ項目が重なりました", "Someone else changed the same fields"),
    "ui.conflict_text": ("このページを開いた後（版 {base}）に、別のタブまたは別の人が同じ項目を変更しました（現在は版 {current}：{when}、"
                         "手順「{step}」）。あなたの入力は失われていません。重なった項目ごとに、残す値を選んでください。"
                         "重なっていない変更は、あなたの分も他の人の分もすべて残ります。",
                         "After you opened this page (revision {base}), another tab or person changed the same fields "
                         "(now revision {current}: {when}, step “{step}”). Nothing you typed is lost. For each field below, "
                         "choose which value stays; all other changes, yours and theirs, are kept."),
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
    # background builds
    "ui.build_pdf": ("PDF も作成する（時間がかかります）", "Also make PDFs (takes longer)"),
    "ui.build_running": ("文書を作成しています（版 {n}）。このページは自動で更新されます。",
                         "Building the documents (revision {n}). This page updates itself."),
    "ui.build_earlier": ("以前に作成した文書", "Earlier builds"),
    "ui.build_of_revision": ("版 {n}（{when}）", "revision {n} ({when})"),
    "ui.build_with_pdf": ("PDF付き", "with PDFs"),
    "ui.job_stage_queued": ("順番を待っています", "Waiting for its turn"),
    "ui.job_stage_started": ("開始しました", "Started"),
    "ui.job_stage_validating": ("入力内容を確認しています", "Checking the answers"),
    "ui.job_stage_documents": ("文書と評価シートを作成しています", "Writing the documents and scoring sheets"),
    "ui.job_stage_pdf": ("PDF に変換しています", "Converting to PDF"),
    "ui.job_stage_storing": ("ファイルを保存しています", "Storing the files"),
    "ui.job_stage_done": ("完了しました", "Done"),
    "ui.job_stage_failed": ("失敗しました", "Failed"),
    "ui.job_stopped": ("作成中に処理が止まりました（サーバーの再起動など）。以前の文書はそのまま残っています。もう一度作成してください。",
                       "The build stopped midway (the server restarted, for example). Earlier documents are untouched; "
                       "build again."),
    "ui.job_not_started": ("作成が始まりませんでした。管理者に連絡するか、もう一度作成してください。",
                           "The build never started; build again, or tell the administrator."),
}

"""Interface words for background builds: their progress, and why one stopped."""
from __future__ import annotations

JOBS: dict[str, tuple[str, str]] = {
    "ui.build_pdf": ("PDF も作成する（時間がかかります）", "Also make PDFs (takes longer)"),
    "ui.build_running": ("文書を作成しています（版 {n}）。このページは自動で更新されます。",
                         "Building the documents (revision {n}). This page updates itself."),
    "ui.build_earlier": ("以前に作成した文書", "Earlier builds"),
    "ui.build_of_revision": ("版 {n}：{when}", "revision {n}: {when}"),
    "ui.build_with_pdf": ("PDF付き", "with PDFs"),
    "ui.job_stage_queued": ("順番を待っています", "Waiting for its turn"),
    "ui.job_stage_started": ("開始しました", "Started"),
    "ui.job_stage_validating": ("入力内容を確認しています", "Checking the answers"),
    "ui.job_stage_documents": ("文書と評価シートを作成しています", "Writing the documents and scoring sheets"),
    "ui.job_stage_scoring": ("評価シートを読み取って集計しています", "Reading the scoring workbooks and ranking"),
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

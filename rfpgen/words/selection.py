"""Interface words for the selection online: the audit log, the Q&A register, vendor responses."""
from __future__ import annotations

SELECTION: dict[str, tuple[str, str]] = {
    # the audit log (history page)
    "ui.events_title": ("選定の記録", "Selection log"),
    "ui.events_intro": ("アップロード、回答の公開、文書の作成など、選定の操作をすべて記録しています（時刻は {zone}）。記録は変更できません。",
                        "Every upload, published answer and document made for the selection is recorded here "
                        "(times in {zone}). Entries cannot be changed."),
    "ui.events_none": ("まだ記録はありません。", "Nothing recorded yet."),
    "ui.event_when": ("日時", "When"),
    "ui.event_who": ("実施者", "Who"),
    "ui.event_what": ("操作", "What"),
    "ui.event_summary": ("内容", "Details"),
    "ui.event_file": ("ファイル", "File"),
    "ui.event_download": ("ダウンロード", "Download"),
    "ui.event_system": ("システム", "system"),
    "ui.event_question_saved": ("質問回答を保存", "Q&A saved"),
    "ui.event_question_added": ("質問を追加", "Question added"),
    "ui.event_answer_published": ("回答を公開", "Answer published"),
    "ui.event_answer_withdrawn": ("回答の公開を取り消し", "Answer unpublished"),
    "ui.event_answer_refused": ("回答の公開を拒否（漏えい確認）", "Publication refused (leak check)"),
    "ui.event_clarifications_made": ("質問回答書を作成", "Clarifications made"),
    "ui.event_changes_made": ("新旧対照表と補遺を作成", "Comparison and addendum made"),
    "ui.event_response_uploaded": ("提案回答書を受領", "Response form received"),
    "ui.event_response_replaced": ("提案回答書を差し替え", "Response form replaced"),
    "ui.event_response_refused": ("提案回答書を受け付けず", "Response form refused"),
    "ui.history_revisions": ("保存した版", "Saved revisions"),
    "ui.history_when_zone": ("日時（{zone}）", "When ({zone})"),
    "ui.your_name": ("記録に残すあなたの名前", "Your name in the log"),
    "ui.your_name_hint": ("このブラウザでの操作に、接続元アドレスとともに記録されます。空欄ならアドレスだけです。",
                          "Recorded with your address for what you do in this browser; left empty, only the address."),
    "ui.your_name_save": ("名前を設定", "Set name"),
    "ui.your_name_saved": ("名前を設定しました。", "Your name is set."),
}

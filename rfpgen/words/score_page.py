"""Interface words for the scoring page: workbooks out and back, who has returned what, the consensus
meeting's agreed scores, the tally and its documents."""
from __future__ import annotations

from .scoring import FLAGS

SCORE_PAGE: dict[str, tuple[str, str]] = {
    "ui.scoring_title": ("評価と集計", "Scoring"),
    "ui.scoring_intro": ("評価者に評価シートを配り、記入されたシートが届いたら順にアップロードします。全員分がそろったら集計し、"
                         "評点の差が大きい項目は合議の結果を記録して、順位と評価結果報告書をダウンロードします。",
                         "Send the evaluators their workbooks and upload each filled one as it comes back. When they are all in, "
                         "tally them; record what the consensus meeting agreed where evaluators differ, then download the "
                         "ranking and the decision memo."),
    "ui.score_project_invalid": ("案件の入力内容に問題があるため、評価シートを読み取れません。確認ページで直してください。",
                                 "The project has problems, so the workbooks cannot be read against it. Fix them on the "
                                 "review page."),
    "ui.score_source": ("（アップロードしたブック）", "(the uploaded workbooks)"),
    "ui.score_incomplete_hint": ("未入力の項目を除いて暫定の結果を出すには、「未入力があっても集計する」を選んで集計してください。",
                                 "To tally without the missing entries (a provisional result), tick “Tally despite missing "
                                 "entries”."),

    # the workbooks to send
    "ui.score_workbooks_title": ("評価者に配る評価シート", "Workbooks for the evaluators"),
    "ui.score_workbooks_from": ("リビジョン {n} から作成した評価シートです。評価者ごとに1冊と、価格評価シートがあります。",
                                "Made from revision {n}: one workbook per evaluator, and the price workbook."),
    "ui.score_workbooks_procurement": ("調達担当者用（価格を記入する。ブラインド評価では提案者名との対応表も含むため、品質評価者には渡さない）：",
                                       "For procurement (prices are entered here; under blind evaluation it also holds the key "
                                       "from alias to bidder, so never give it to the quality panel):"),
    "ui.score_workbooks_older": ("その後に評価項目・配点・RFPに記載しない要件を変えた場合は、文書を作成し直してから配ってください。",
                                 "If criteria, weights or the requirements left out of the RFP changed since, build again before sending them."),
    "ui.score_workbooks_none": ("評価シートはまだありません。文書を作成すると、評価者ごとの評価シートができます。",
                                "No workbooks yet: building the documents makes one for each evaluator."),

    # uploading
    "ui.score_upload_title": ("記入済みの評価シートのアップロード", "Upload filled workbooks"),
    "ui.score_upload_intro": ("届いた順に1冊ずつ、またはまとめてアップロードできます。同じ評価者のシートを再度アップロードすると差し替わり、"
                              "以前のものは履歴に残ります。受け付けられないシートも、理由とともに保存されます。",
                              "Upload each workbook as it arrives, or several at once. Uploading an evaluator's workbook again "
                              "replaces it; the earlier one stays in the history. A workbook that is refused is kept too, "
                              "with the reasons."),
    "ui.score_upload_files": ("評価シート（.xlsx、複数選択可）", "Workbooks (.xlsx, several allowed)"),
    "ui.score_upload_hint": ("1回のアップロードは合計 {mb} MB まで、1案件に保存できるのは {n} 件までです。",
                             "Up to {mb} MB per upload in all; a project keeps up to {n} uploads."),
    "ui.score_upload_button": ("アップロードして確認する", "Upload and check"),
    "ui.score_upload_none": ("ファイルが選ばれていません。", "No file was chosen."),
    "ui.score_outcome_accepted": ("{what}として受け付けました。", "received as {what}."),
    "ui.score_outcome_replaced": ("{what}として受け付け、以前のものと差し替えました（以前のものは履歴に残っています）。",
                                  "received as {what}; it replaces the earlier one, which stays in the history."),
    "ui.score_outcome_identical": ("{what}として受け付け済みのファイルと同じ内容です。",
                                   "identical to the file already received as {what}."),
    "ui.score_outcome_refused": ("受け付けませんでした。", "refused."),
    "ui.score_refused_kept": ("このファイルは履歴に保存しました。以前に受け付けたシートはそのまま使われます。直したファイルをアップロードしてください。",
                              "The file is kept in the history and the workbooks received earlier are still used. "
                              "Upload a corrected file."),
    "ui.score_slot_evaluator": ("{who}の評価シート", "the workbook of {who}"),
    "ui.score_slot_presentation": ("{who}のプレゼンテーション評価シート", "the presentation workbook of {who}"),
    "ui.score_slot_prices": ("価格評価シート", "the price workbook"),
    "ui.score_slot_consensus": ("合議結果のブック", "the consensus workbook"),

    # progress
    "ui.score_progress_title": ("提出状況", "Who has returned what"),
    "ui.score_progress_summary": ("必要な {expected} 冊のうち {returned} 冊を受け付け、{complete} 冊は記入が完了しています。",
                                  "{returned} of {expected} workbooks received; {complete} complete."),
    "ui.score_workbook": ("評価シート", "Workbook"),
    "ui.score_state_complete": ("完了", "complete"),
    "ui.score_state_incomplete": ("未入力 {n}", "{n} blank"),
    "ui.score_state_not_presented": ("未評価", "not scored"),
    "ui.score_state_no_sheet": ("シートなし", "no sheet"),
    "ui.score_state_unknown": ("再確認", "to recheck"),
    "ui.score_state_none": ("未提出", "not returned"),
    "ui.score_state_not_due": ("書類審査の後", "after the document stage"),
    "ui.score_stale": ("受け付けた後に案件の評価項目が変わりました。集計の際に改めて確認します。",
                       "The evaluation changed after this was checked; the tally checks it again."),
    "ui.score_earlier": ("以前のファイル（{n}件）", "Earlier files ({n})"),
    "ui.score_consensus_rows": ("合議の記録 {n} 件", "{n} recorded agreements"),
    "ui.score_progress_legend": ("✓ 完了：すべて記入済み　△ 未入力：空欄のある項目の数　— 未提出：まだ届いていない　"
                                 "プレゼンテーションの「未評価」は、審査に進まなかった提案者の欄です。プレゼンテーション評価シートは、"
                                 "書類審査の集計で進む者が確定した後に提出します。",
                                 "✓ complete: every entry made · △ blank: entries left empty · — not returned yet. "
                                 "In presentation workbooks, “not scored” is a bidder that did not present; they are due "
                                 "once the document stage's tally has settled who presents."),
    "ui.score_refused_title": ("受け付けなかったファイル（{n}件）", "Refused files ({n})"),
    "ui.score_history_title": ("アップロードの履歴（{n}件）", "Upload history ({n})"),
    "ui.score_upload_status": ("状態", "Status"),
    "ui.score_status_current": ("使用中", "in use"),
    "ui.score_status_replaced": ("差し替え済み", "replaced"),
    "ui.score_status_refused": ("受け付けず", "refused"),

    # the tally
    "ui.score_tally_title": ("集計", "Tally"),
    "ui.score_tally_intro": ("受け付けた評価シートと、記録した合議結果で順位を計算します（rfpgen score と同じ計算です）。",
                             "Ranks the bidders from the workbooks received and the agreements recorded "
                             "(the same computation as rfpgen score)."),
    "ui.score_allow_incomplete": ("未入力があっても集計する（暫定の結果）", "Tally despite missing entries (a provisional result)"),
    "ui.score_tally_button": ("集計する", "Tally"),
    "ui.score_tally_running": ("集計しています（リビジョン {n}）。このページは自動で更新されます。",
                               "Tallying (revision {n}). This page updates itself."),
    "ui.score_tally_failed": ("集計できませんでした。次の点を直してください。", "The tally could not be made. Fix the following:"),
    "ui.score_nothing_uploaded": ("集計する評価シートがありません。先にアップロードしてください。",
                                  "There are no workbooks to tally yet: upload them first."),
    "ui.score_ranking_title": ("順位", "Ranking"),
    "ui.score_tallied": ("{when}にリビジョン {n} で集計しました。", "Tallied from revision {n} on {when}."),
    "ui.score_tally_outdated": ("集計の後に合議結果の記録や評価シートが変わりました。もう一度集計すると反映されます。",
                                "Agreements or workbooks changed after this tally; tally again to include them."),
    "ui.score_provisional": ("未入力の項目を除いた暫定の結果です。", "A provisional result: some entries are missing."),
    "ui.score_flags_title": FLAGS,  # the tally's items to check, named as the memo and the results workbook name them
    "ui.score_warnings": ("集計時の注意（{n}件）", "Warnings of the tally ({n})"),

    # consensus
    "ui.consensus_title": ("評点の差が大きい項目と合議結果", "Spread flags and consensus"),
    "ui.consensus_intro": ("評価者の評点の差が基準を超えた項目です。合議で合意した評点（0〜{max}）と理由を記録すると、"
                           "次の集計から評価者の平均に代えて使われ、報告書に元の評点・合意した評点・理由が記載されます。",
                           "Items where the evaluators' scores differ beyond the project's threshold. Record the score the "
                           "consensus meeting agreed (0–{max}) and why: the next tally uses it instead of the mean, and the "
                           "memo shows the original spread, the agreed score and the reason."),
    "ui.consensus_scores": ("評価者の評点", "Evaluators' scores"),
    "ui.consensus_mean": ("平均", "mean"),
    "ui.consensus_spread": ("差", "spread"),
    "ui.consensus_unflagged": ("最新の集計では評点の差の指摘はありませんが、合意した評点が記録されています。",
                               "The latest tally does not flag this item, but an agreed score is recorded for it."),
    "ui.consensus_score": ("合意した評点（0〜{max}）", "Agreed score (0–{max})"),
    "ui.consensus_reason": ("合意した理由", "Reason"),
    "ui.consensus_save": ("合議結果を記録する", "Record the agreement"),
    "ui.consensus_remove": ("記録を取り消す", "Remove it"),
    "ui.consensus_recorded": ("記録済み：{score}", "recorded: {score}"),
    "ui.consensus_saved": ("合議結果を記録しました。もう一度集計すると順位に反映されます。",
                           "Agreement recorded. Tally again to see the ranking with it."),
    "ui.consensus_removed": ("合議結果の記録を取り消しました。もう一度集計すると順位に反映されます。",
                             "Agreement removed. Tally again to see the ranking without it."),
    "ui.consensus_score_invalid": ("合意した評点は 0〜{max} の数値で入力してください。", "Enter the agreed score as a number from 0 to {max}."),
    "ui.consensus_reason_missing": ("合意した理由を入力してください。理由のない評点は記録できません。",
                                    "Enter why the meeting agreed this score: a score without a reason is not recorded."),
    "ui.consensus_reason_long": ("理由は {n} 文字までです。", "The reason can be up to {n} characters."),
    "ui.summary_consensus_saved": ("合議結果：{vendor} の「{criterion}」を {score} 点（{reason}）",
                                   "consensus: {vendor}, “{criterion}” agreed at {score} ({reason})"),
    "ui.summary_consensus_removed": ("合議結果の取り消し：{vendor} の「{criterion}」", "consensus removed: {vendor}, “{criterion}”"),
    "ui.summary_tally_forms": ("、価格は提案者の提案回答書 {n} 件から", "; prices from {n} bidders' response forms"),
    "ui.score_prices_workbook": ("価格は、アップロードした価格評価シートから評価します。",
                                 "Prices are scored from the uploaded price workbook."),
    "ui.score_prices_forms": ("価格評価シートがないため、価格は「提案者の回答」で受け付けた提案回答書 {n} 件の正規化コストから評価します"
                              "（rfpgen score に提案回答書を渡したときと同じです）。",
                              "With no price workbook, prices are scored from the normalised cost of the {n} response forms "
                              "received on the bidders' responses page (as rfpgen score does when given the forms)."),
    "ui.score_prices_none": ("価格評価シートも提案者の提案回答書もまだありません。{figures}は算出されません。",
                             "No price workbook and no response forms yet: the {figures} cannot be computed."),
    "ui.score_upload_too_many": ("1回にアップロードできるのは {limit} ファイルまでです（{n} ファイルが選ばれました）。",
                                 "Up to {limit} files per upload ({n} were chosen)."),
    "ui.summary_tally": ("リビジョン {n} を評価シート {files} 冊で集計", "tally of revision {n} from {files} workbooks"),

    # robustness and downloads
    "ui.score_robustness_title": ("順位の頑健性", "How solid the ranking is"),
    "ui.score_downloads_title": ("評価結果のダウンロード", "Results to download"),
    "ui.score_downloads_internal": ("社内資料です。評価結果の通知以外は提案者に渡さないでください。",
                                    "Internal documents: only the notices go to the bidders."),
    "ui.score_memo": ("評価結果報告書（Word）", "Decision memo (Word)"),
    "ui.score_results_xlsx": ("集計結果（Excel）", "Results workbook (Excel)"),
    "ui.score_robustness_xlsx": ("順位の頑健性の表（Excel）", "Robustness table (Excel)"),
    "ui.score_consensus_xlsx": ("合議結果の記録用ブック（Excel）", "Consensus workbook (Excel)"),
    "ui.score_presentation_xlsx": ("プレゼンテーションの評価シート（Excel、プレゼンテーションに進む提案者のみ）",
                                   "Presentation workbook (Excel, the bidders who go through only)"),
    "ui.score_document_stage": ("書類審査の結果です。書類審査の総合評価点による順位と、プレゼンテーションに進む提案者を示します。"
                                "最終評価点による順位は、プレゼンテーションの評価シートを合わせて集計すると示します。",
                                "The document stage's result: the ranking by document-stage total and who goes through to "
                                "the presentations. The final ranking follows once the presentation workbooks are tallied "
                                "with the others."),
    "ui.score_notices_title": ("提案者への評価結果の通知", "Result notices to the bidders"),
    "ui.score_notices_hint": ("提案者ごとに、その提案者の評点・順位と第1位の評価点だけを記載しています。",
                              "One per bidder: its own scores and rank, and the winner's total only."),
    "ui.score_notice_for": ("{vendor}への通知", "Notice to {vendor}"),

    # the selection log and limits
    "ui.event_workbook_accepted": ("評価シートを受領", "Workbook received"),
    "ui.event_workbook_replaced": ("評価シートを差し替え", "Workbook replaced"),
    "ui.event_workbook_refused": ("評価シートを受け付けず", "Workbook refused"),
    "ui.event_consensus_saved": ("合議結果を記録", "Consensus recorded"),
    "ui.event_consensus_removed": ("合議結果を取り消し", "Consensus removed"),
    "ui.event_tally_requested": ("集計を開始", "Tally started"),
    "ui.limit.uploads_per_project": ("1つの案件に保存できるアップロードは {limit} 件までです（{found} 件になります）。",
                                     "A project keeps up to {limit} uploads ({found} with these)."),
}

"""Every error a user can cause, in one place: printed by the CLI and the wizard without a traceback.

Each class has its exit code (0 success, 1 input refused, 2 usage error from Click, 3 a template that
cannot be used, 4 the RFP would reveal a withheld requirement, 78 a server setting). Messages are
given in English and, where the error reaches a Japanese user, in Japanese; `message(lang)` picks one.
"""
from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass


REFUSAL_LABELS = {"rfp": ("the RFP will not be built: ", "RFPは作成されません：")}  # (en, ja) by Problem.refuses


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a user's file, with its place."""

    file: str
    line: int | None
    column: int | None
    path: str
    severity: str  # "error" or "warning"
    message: str
    # a warning the build turns into a refusal: the document ("rfp") not written while it stands. Not an
    # error, so the wizard still saves and steps through a draft; `rfpgen validate` fails on it.
    refuses: str = ""

    def __str__(self) -> str:
        return self.shown("en")

    def shown(self, lang: str) -> str:
        """File, line, field and message, a warning labelled in `lang` (the message is in the language it was
        validated in)."""
        place = self.file
        if self.line:
            place += f":{self.line}:{self.column or 1}"
        label = ("" if self.severity == "error" else REFUSAL_LABELS[self.refuses][lang == "ja"] if self.refuses
                 else "注意：" if lang == "ja" else "warning: ")
        where = f" {self.path}:" if self.path else ""
        return f"{place}:{where} {label}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class RfpgenError(Exception):
    """An error the user can fix; the CLI prints it and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, en: str = "", ja: str | None = None):
        super().__init__(en)
        self.en, self.ja = en, ja or en

    def message(self, lang: str = "en") -> str:
        return self.ja if lang == "ja" else str(self)


class ProjectInvalid(RfpgenError):
    """A project file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def message(self, lang: str = "en") -> str:
        return str(self)  # each problem was worded in the language the project was checked in

    @property
    def lang(self) -> str | None:
        """"ja" when the problems were worded in Japanese (they hold kana); else None: English problems may
        also be those of a Japanese file too broken to read its language."""
        return "ja" if any(any("\u3040" <= ch <= "\u30ff" for ch in p.message) for p in self.problems) else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class RenderError(RfpgenError):
    """A template that cannot be rendered: missing, malformed, or using an unknown variable."""

    exit_code = 3


class WithheldTextLeaked(RfpgenError):
    """A vendor-facing file would reveal a withheld requirement; it is not written. `leaks` names
    each withheld requirement and the project field that quotes it."""

    exit_code = 4

    def __init__(self, en: str, ja: str | None = None, leaks=()):
        super().__init__(en, ja)
        self.leaks = list(leaks)


class PdfLostText(RfpgenError):
    """A PDF that does not show text its .docx holds (a converter dropped rows or paragraphs).
    `missing`: the texts not found, in document order."""

    exit_code = 3

    def __init__(self, document: str, missing: list[str], headings: list[str] = (), detail: str = ""):
        """`headings`: for each missing text the heading it stands under in the document ("" before the first)."""
        self.document, self.missing = document, list(missing)
        if detail:
            super().__init__(f"{document}: the PDF could not be read back to check it: {detail}",
                             f"{document}: PDFを読み取って確認できませんでした: {detail}")
            return
        under = dict(zip(self.missing, headings))
        shown = self.missing[:5]
        more = len(self.missing) - len(shown)

        def cut(text: str) -> str:
            return text if len(text) <= 120 else text[:117] + "…"

        super().__init__(
            f"{document}: the PDF lost {len(self.missing)} text(s) the document holds, e.g. "
            + "; ".join(f"'{cut(m)}'" + (f" (under '{cut(under[m])}')" if under.get(m) else "") for m in shown)
            + (f" and {more} more" if more else "")
            + ". The PDF is not usable; check the table or paragraph under that heading in the .docx.",
            f"{document}: PDFに文書の内容が{len(self.missing)}件欠けています（例: "
            + "、".join(f"「{cut(m)}」" + (f"（見出し「{cut(under[m])}」の下）" if under.get(m) else "") for m in shown)
            + (f" ほか{more}件" if more else "")
            + "）。このPDFは使えません。.docxのその見出しの下の表・段落を確認してください。")


class ImpossibleTarget(RfpgenError):
    """A service target no number of agents can meet (e.g. 100% answered, occupancy cap 0)."""


class ScoreSheetInvalid(RfpgenError):
    """Filled scoring workbooks that cannot be tallied; lists every problem found."""

    def __init__(self, problems: list):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        hint = ("\nFix the sheets and run again. (A blank copy of a workbook can be made with "
                "`rfpgen build PROJECT --only scoring -o ANOTHER_FOLDER`; a rebuild keeps workbooks that hold entries.)"
                if errors else "")
        hint_ja = ("\nシートを直して、もう一度実行してください（白紙のブックは `rfpgen build PROJECT --only scoring -o 別のフォルダ` "
                   "で作成できます。作成し直しても、入力済みのブックは上書きされません）" if errors else "")
        super().__init__("\n".join(str(p) for p in errors) + hint,
                         "\n".join(p.line("ja") for p in errors) + hint_ja)

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.severity == "error"]


class LibraryError(RfpgenError):
    """A library request that cannot be carried out."""


class UnknownLibraryEntry(LibraryError):
    """One or more library ids that are not in the library (`known`: the ids it has, for suggestions)."""

    def __init__(self, unknown: list[str], known: list[str]):
        self.unknown = list(unknown)
        en_parts, ja_parts = [], []
        for ident in unknown:
            close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
            en_parts.append(f"'{ident}'" + (f" (did you mean {close[0]}?)" if close else ""))
            ja_parts.append(f"「{ident}」" + (f"（{close[0]} の誤りではありませんか？）" if close else ""))
        super().__init__(
            f"not in the requirement library: {', '.join(en_parts)}; see `rfpgen library list`",
            f"要件ライブラリにないIDです: {'、'.join(ja_parts)}。`rfpgen library list` で確認してください")


class DuplicateLibraryEntry(LibraryError):
    """Library entries that the project already has (or that the request names twice).

    `existing`: library id -> (part name in ja, requirement id)."""

    def __init__(self, existing: dict[str, tuple[str, str, str]], repeated: list[str] = ()):
        self.existing, self.repeated = dict(existing), list(repeated)
        en, ja = [], []
        for lib_id, (part_key, part_ja, req_id) in existing.items():
            en.append(f"{lib_id} is already in the project as {req_id} ({part_key})")
            ja.append(f"{lib_id} はプロジェクトに {req_id}（{part_ja}）として追加済みです")
        for lib_id in repeated:
            en.append(f"{lib_id} is listed more than once")
            ja.append(f"{lib_id} が複数回指定されています")
        super().__init__("; ".join(en) + "; nothing was added", "。".join(ja) + "。何も追加していません")


class ConfigError(RfpgenError):
    """A setting that prevents the web app from starting safely."""

    exit_code = 78


class BuildLocked(RfpgenError):
    """Another build is writing the same output folder and did not finish in time."""

    def __init__(self, target, holder: str, waited: float):
        super().__init__(
            f"{target}: another rfpgen build (process {holder}) has been writing this folder for over "
            f"{waited:g} s; nothing was changed. Build again when it has finished",
            f"{target}: 別の rfpgen build（プロセス {holder}）がこのフォルダーに {waited:g} 秒以上書き込み中のため、"
            "何も変更していません。終了してから再度ビルドしてください")


class OutputNotWritable(RfpgenError):
    """The output folder (or a folder in it) cannot be replaced; the previous build stays as it was."""

    def __init__(self, folder, mount: bool = False):
        if mount:
            en = (f"{folder}: this folder is a mount point, so a build cannot be switched in at once; "
                  "build into a folder inside it (-o)")
            ja = f"{folder}: マウントポイントのため一括で差し替えられません。その中のフォルダーを -o で指定してください"
        else:
            en = f"{folder}: this folder is not writable, so the build cannot replace its files; nothing was changed"
            ja = f"{folder}: 書き込みできないフォルダーのため、ビルド結果で置き換えられません。何も変更していません"
        super().__init__(en, ja)


class TemplateRefused(RenderError):
    """A Word template that tries something a template may not do (reach Python internals, loop
    without end, build a gigantic value): a template is shared like a document, so it is untrusted."""

    def __init__(self, template, why: str):
        super().__init__(f"{template}: this template is refused: {why.rstrip('.')}. A template may only show the values "
                         "rfpgen gives it (see `rfpgen context`); check where it came from",
                         f"{template}: このテンプレートは使用できません: {why}。テンプレートでは rfpgen が渡す値"
                         "（`rfpgen context` で確認できます）の表示のみが可能です。入手元を確認してください")

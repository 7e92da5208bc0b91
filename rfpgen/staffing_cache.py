"""The staffing plan the documents receive, kept by content so a rebuild does not solve it again.

`plan_data(project)` is `staffing.plan(project).as_dict()`, computed once for the same staffing inputs
(the forecast and programs, operations, people and the schedule: what `staffing.plan` reads) and
the same model code (the source of the staffing modules, hashed, and whether the shift solver is
installed). Editing any text of the project outside those sections (a title, a requirement, the
evaluation) rebuilds the documents without re-planning; changing a volume, an opening hour or a
target re-plans.

The plan is kept in this process and in the user's cache folder (rfpgen.cache: `plans/`), one JSON
file per plan, the oldest removed beyond MAX_FILES. A plan whose shift solve stopped at its
time limit depends on the machine's speed and is never kept. A cache that cannot be read or written
(a read-only home, a damaged file) is passed over: the plan is computed as without it.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cache_dir as _cache_dir, prune

if TYPE_CHECKING:
    from .project import Project

MAX_FILES = 256
_MEMORY: OrderedDict[str, str] = OrderedDict()  # key -> the plan as JSON text (each caller gets its own copy)
_MEMORY_SIZE = 16
_MODEL_MODULES = ("staffing.py", "erlang.py", "shifts.py", "hiring.py")


def cache_dir() -> Path | None:
    """Where plans are kept on disk, or None when the user turned it off."""
    return _cache_dir("plans")


@lru_cache(maxsize=1)
def _model_fingerprint() -> str:
    """The model's code: the staffing modules' source, and whether SciPy's solver can be imported."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _MODEL_MODULES:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    digest.update(b"scipy" if importlib.util.find_spec("scipy") is not None else b"no scipy")
    return digest.hexdigest()


def inputs(project: Project) -> dict:
    """The parts of the project file the staffing plan reads."""
    data = project.data
    return {"work_definition": data.get("work_definition"), "operations": data.get("operations"),
            "people": data.get("people"), "schedule": (data.get("project") or {}).get("schedule")}


def key(project: Project, shift_seconds: float) -> str:
    text = json.dumps({"inputs": inputs(project), "shift_seconds": shift_seconds, "model": _model_fingerprint()},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_data(project: Project, shift_seconds: float | None = None) -> dict:
    """`staffing.plan(project).as_dict()`, reused when the same inputs were planned before."""
    from . import staffing

    seconds = staffing.SHIFT_SOLVE_SECONDS if shift_seconds is None else shift_seconds
    k = key(project, seconds)
    text = _MEMORY.get(k)
    if text is None:
        text = _read(k)
    if text is None:
        data = staffing.plan(project, shift_seconds=seconds).as_dict()
        text = json.dumps(data, ensure_ascii=False)
        if not _machine_dependent(data):
            _write(k, text)
        else:
            return data
    _MEMORY[k] = text
    _MEMORY.move_to_end(k)
    while len(_MEMORY) > _MEMORY_SIZE:
        _MEMORY.popitem(last=False)
    return json.loads(text)


def _machine_dependent(data: dict) -> bool:
    """A shift solve cut short by its time limit: another run on another machine may find better."""
    rostering = data.get("rostering") or {}
    return rostering.get("reason") == "solver_time_limit" or (rostering.get("rostered") and not rostering.get("optimal", True))


def _read(k: str) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        text = (folder / f"{k}.json").read_text(encoding="utf-8")
        stored = json.loads(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != k or not isinstance(stored.get("plan"), dict):
        return None
    return json.dumps(stored["plan"], ensure_ascii=False)


def _write(k: str, text: str) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        from .fileio import atomic_write_text

        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(folder / f"{k}.json", f'{{"key": "{k}", "plan": {text}}}')
        prune(folder, "*.json", MAX_FILES)
    except OSError:
        pass  # a cache that cannot be written only costs the next build the computation

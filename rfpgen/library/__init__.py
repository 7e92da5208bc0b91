"""The requirement library: curated contact-center outsourcing requirements in Japanese and English.

The data lives in ``rfpgen/library/data/<part>.yaml`` (one file per part of the requirements
definition, validated against ``schemas/library.schema.json``). Each entry has a stable library id
(``OPS-CPL-01``), the part it belongs to, its text in both languages, a default priority, tags
(channel, industry, compliance, topic), whether it is a good candidate to withhold from the RFP,
``look_for`` in both languages, and the named sets it belongs to (``essentials``, ``ec``, ``security``).

The English of the data is spelt the American way throughout (center, recognized, program): one
spelling, so an entry is written once. Library text put into a project, or compared with a project's
copy, is respelt for the project's locale (project.locale: en-GB centre, recognised, programme) with
``rfpgen.words.respell``, the table rfpgen spells its own words with; so an entry never brings the
other English's spelling into a project (validation warns of that in the client's own text), and
``library_changes`` sees no change in a copy that differs only by that spelling.

Python API (the CLI ``rfpgen library ...``, ``rfpgen init --with-library`` and the web wizard use it):

Reading the library
    ``entries()``                      every entry, parts in document order, then file order (cached)
    ``get(library_id)``                one entry; ``UnknownLibraryEntry`` (with a suggestion) if absent
    ``find(part=None, tags=(), search=None, set_name=None, withhold_candidate=None)``
                                       filter; tags must all be present; ``search`` is words that must
                                       all occur (case- and width-insensitive) in the id, the tags, or
                                       the text / look_for in either language (British spellings
                                       find the American text too: centre finds center)
    ``set_names()``, ``set_entries(name)``, ``tag_groups()`` (tags by kind, for filter menus)
    ``LibraryEntry.text_in(lang, locale=None)``, ``.look_for_in(lang, locale=None)`` (English respelt
                                       for ``locale`` when given; as the data spells it otherwise, as
                                       ``rfpgen library list/show`` print it), ``.as_dict(lang)`` (the
                                       JSON shape of ``rfpgen library list --format json``)

Putting entries into a project (all raise ``LibraryError`` subclasses, never half-done work)
    ``to_requirement(entry, lang, requirement_id, locale=None)``  a project requirement dict: id,
                                       text, priority, withhold False, look_for (in ``lang``, if the
                                       entry has one), library_id; the functions below pass the
                                       project's locale
    ``next_requirement_id(data, part_key, taken=())`` the next free id for the part's prefix (OPS-013
                                       after OPS-012), never reusing an id anywhere in the file
    ``plan_additions(data, library_ids, lang=None, skip_existing=False)`` -> [Addition]: checks
                                       unknown ids, ids repeated in the request and ids already in the
                                       project (``DuplicateLibraryEntry`` names the requirement that has
                                       it, unless ``skip_existing``), and allocates fresh ids
    ``add_to_data(data, library_ids, lang=None, skip_existing=False)`` -> (new_data, [Addition]):
                                       for the wizard; ``data`` is not modified
    ``add_to_text(text, library_ids, name, skip_existing=False)`` -> (new_text, [Addition]): inserts
                                       the items into the YAML text after the part's last requirement,
                                       or adds ``requirements:`` to the part, or adds the part section
                                       (in document order); comments and layout are kept; the result
                                       is re-parsed, compared with ``add_to_data`` and validated
    ``add_to_file(path, library_ids, skip_existing=False, dry_run=False)`` -> [Addition]: the same on a
                                       file, written atomically; the file is untouched on any error
    ``starter_with_library(lang, set_name)`` / ``write_starter_with_library(path, lang, set_name)``:
                                       the starter project plus a library set (``rfpgen init --with-library``)

Keeping up with library updates
    ``library_changes(data, lang=None)`` -> [LibraryChange]: requirements whose ``library_id`` entry's
                                       current text differs from the project's text, spelling of
                                       the project's English aside (``status`` "changed"), or whose
                                       entry no longer exists ("removed");
                                       ``LibraryChange.segments()`` gives a character/word diff for display

For the wizard's withhold step
    ``withhold_suggestions(data, lang=None)`` -> [WithholdSuggestion(part, requirement_id, entry, look_for)]:
                                       requirements from the library that are withhold candidates and not
                                       yet withheld, with the library's look_for in the project's
                                       language and spelling;
                                       ``find(withhold_candidate=True)`` lists the candidates not yet added

Errors carry both languages: ``str(error)`` is English, ``error.message("ja")`` Japanese.
"""
from __future__ import annotations

from ..errors import DuplicateLibraryEntry, LibraryError, UnknownLibraryEntry
from ..project import next_requirement_id
from .apply import (Addition, add_to_data, add_to_file, add_to_text, plan_additions, starter_with_library,
                    to_requirement, write_starter_with_library)
from .catalogue import (DATA_DIR, LANGS, LibraryEntry, all_tags, entries, entries_json, find, get, load_file,
                        set_entries, set_names, tag_groups)
from .changes import LibraryChange, WithholdSuggestion, library_changes, withhold_suggestions

__all__ = ["DATA_DIR", "LANGS", "Addition", "DuplicateLibraryEntry", "LibraryChange", "LibraryEntry", "LibraryError",
           "UnknownLibraryEntry", "WithholdSuggestion", "add_to_data", "add_to_file", "add_to_text", "all_tags",
           "entries", "entries_json", "find", "get", "library_changes", "load_file", "next_requirement_id",
           "plan_additions", "set_entries", "set_names", "starter_with_library", "tag_groups", "to_requirement",
           "withhold_suggestions", "write_starter_with_library"]

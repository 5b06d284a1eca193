"""The one place that talks to pyh5p (young, pinned at 0.1.0), and covers its known gaps.

- It lists H5PEditor.* libraries among a package's dependencies: the player then tries to
  load editor code and breaks. We drop them from h5p.json and the archive.
- Its text sanitiser strips p/div from fields whose semantics list other tags: we put our
  (already sanitised) HTML back after it has normalised the content.
- It accepts js/svg under content/: every package we produce goes through our own
  validator (quizzes.h5p.package), which refuses them.
Always offline: fetch=False, libraries from our own store.
"""

import io
import json
import zipfile
from pathlib import Path

import pyh5p
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..models import H5PLibrary, Quiz
from . import package as h5p_package

EXPORTABLE = {"single_choice", "multiple_choice", "true_false"}


def content_of(upload) -> dict:
    """content.json of an uploaded package (a file or bytes), as pyh5p reads it (used as the
    answer key); a ValidationError if it cannot be read.

    pyh5p reads every member with ZipFile.read, which inflates without a cap. So it never sees
    the upload: it gets a stored (uncompressed) copy of just h5p.json and content/content.json,
    read here through the capped reader, which is all that ``content`` depends on. That keeps
    memory to the size of those two files, not the package's (videos included).
    """
    unreadable = _("The package's content could not be read.")
    with h5p_package.open_archive(upload) as archive:
        try:
            files = {name: archive.read(name) for name in ("h5p.json", "content/content.json")}
        except KeyError as error:
            raise ValidationError(unreadable) from error
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for name, data in files.items():
            copy.writestr(name, data)
    try:
        return pyh5p.read_package(buffer.getvalue()).content or {}
    except (pyh5p.H5PError, RecursionError) as error:
        raise ValidationError(unreadable) from error


def _installed(machine_name: str) -> H5PLibrary:
    library = (
        H5PLibrary.objects.filter(machine_name=machine_name)
        .order_by("-major_version", "-minor_version")
        .first()
    )
    if library is None:
        raise ValidationError(
            _(
                "Exporting needs the H5P library %(library)s, which is not installed. Upload "
                "any .h5p package that contains it (for example one made on h5p.org), then try "
                "again."
            )
            % {"library": machine_name}
        )
    return library


def _library_name(machine_name: str) -> str:
    library = _installed(machine_name)
    return f"{library.machine_name} {library.major_version}.{library.minor_version}"


def _question_params(question) -> dict:
    prompt = h5p_package.sanitise(question.prompt)
    if question.type == "true_false":
        return {
            "library": _library_name("H5P.TrueFalse"),
            "params": {"question": prompt, "correct": "true" if question.is_true else "false"},
        }
    answers = [
        {
            "text": f"<div>{escape(choice.text)}</div>",
            "correct": choice.correct,
            "tipsAndFeedback": {
                "chosenFeedback": f"<div>{escape(choice.feedback)}</div>" if choice.feedback else ""
            },
        }
        for choice in question.choices
    ]
    return {
        "library": _library_name("H5P.MultiChoice"),
        "params": {
            "question": prompt,
            "answers": answers,
            "behaviour": {"singleAnswer": question.type == "single_choice"},
        },
    }


def _restore_text(normalised, ours):
    """Our strings win over pyh5p's normalised ones; its defaults fill everything else."""
    if isinstance(ours, dict) and isinstance(normalised, dict):
        return {**normalised, **{k: _restore_text(normalised.get(k), v) for k, v in ours.items()}}
    if isinstance(ours, list) and isinstance(normalised, list) and len(ours) == len(normalised):
        return [_restore_text(n, o) for n, o in zip(normalised, ours, strict=True)]
    return ours


def _without_editor_libraries(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename.startswith("H5PEditor."):
                continue
            payload = source.read(info)
            if info.filename == "h5p.json":
                meta = json.loads(payload)
                for key in ("preloadedDependencies", "dynamicDependencies", "editorDependencies"):
                    kept = [
                        d
                        for d in meta.get(key, [])
                        if not d["machineName"].startswith("H5PEditor.")
                    ]
                    if kept:
                        meta[key] = kept
                    else:
                        meta.pop(key, None)
                payload = json.dumps(meta, ensure_ascii=False).encode("utf-8")
            target.writestr(info.filename, payload)
    return output.getvalue()


def export_quiz(quiz: Quiz, *, libraries: Path) -> tuple[bytes, list[int]]:
    """The quiz as an .h5p package built from the library store at ``libraries``, and the
    numbers of the questions left out (types H5P's multiple choice and true/false cannot
    hold)."""
    questions = quiz.question_list
    kept = [q for q in questions if q.type in EXPORTABLE]
    skipped = [n for n, q in enumerate(questions, start=1) if q.type not in EXPORTABLE]
    if not kept:
        raise ValidationError(
            _(
                "None of this quiz's questions can be exported to H5P (only "
                "single choice, multiple choice and true/false can)."
            )
        )
    parts = [_question_params(q) for q in kept]
    if len(parts) == 1 and parts[0]["library"].startswith("H5P.MultiChoice "):
        main, params = parts[0]["library"], parts[0]["params"]
    else:
        main = _library_name("H5P.QuestionSet")
        params = {
            "questions": parts,
            "passPercentage": quiz.pass_mark,
            "introPage": {"showIntroPage": False},
        }
    try:
        content = pyh5p.build(
            main.split(" ")[0],
            params,
            store=pyh5p.LibraryStore(libraries),
            fetch=False,
            title=quiz.title,
            language=quiz.locale.language_code,
            validate=False,
        )
        content.data = _restore_text(content.data, params)
        data = content.package_bytes(validate=False)
    except pyh5p.H5PError as error:
        raise ValidationError(
            _("The H5P package could not be made: %(error)s") % {"error": error}
        ) from error
    data = _without_editor_libraries(data)
    # Whatever pyh5p let through, the package must pass the checks an upload passes.
    h5p_package.read(SimpleUploadedFile("export.h5p", data))
    return data, skipped

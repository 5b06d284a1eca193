"""A tiny H5P content type written for these tests, packaged at test time.

NhaSo.TapChoice 1.0 shows a question and buttons; choosing one sends an xAPI "answered"
statement. NhaSo.EvalChoice 1.0 does the same through `new Function` and `eval`. They are ours,
small on purpose, and not copies of any H5P library.
"""

import io
import json
import zipfile

LIBRARY = "NhaSo.TapChoice-1.0"

LIBRARY_JSON = {
    "title": "Nhà Số tap choice",
    "machineName": "NhaSo.TapChoice",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 0,
    "runnable": 1,
    "coreApi": {"majorVersion": 1, "minorVersion": 24},
    "preloadedJs": [{"path": "tap-choice.js"}],
    "preloadedCss": [{"path": "tap-choice.css"}],
}
SEMANTICS = [
    {"name": "question", "type": "text", "widget": "html", "tags": ["p", "strong", "em"]},
    {
        "name": "answers",
        "type": "list",
        "field": {
            "name": "answer",
            "type": "group",
            "fields": [{"name": "text", "type": "text"}, {"name": "correct", "type": "boolean"}],
        },
    },
]
JS = """
// H5P finds a library's constructor by its machine name: window.NhaSo.TapChoice.
var NhaSo = NhaSo || {};
NhaSo.TapChoice = (function ($) {
  function TapChoice(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
  }
  TapChoice.prototype = Object.create(H5P.EventDispatcher.prototype);
  TapChoice.prototype.constructor = TapChoice;
  TapChoice.prototype.attach = function ($container) {
    var self = this;
    $container.append('<div class="question">' + self.params.question + '</div>');
    self.params.answers.forEach(function (answer, index) {
      var button = $('<button type="button" class="answer"></button>').text(answer.text);
      button.on('click', function () {
        var statement = self.createXAPIEventTemplate('answered');
        statement.data.statement.result = {
          score: {raw: answer.correct ? 1 : 0, max: 1}, response: String(index),
          success: !!answer.correct, completion: true};
        self.trigger(statement);
      });
      $container.append(button);
    });
  };
  return TapChoice;
})(H5P.jQuery);
"""
CSS = ".answer { font-size: 1.2rem; min-height: 48px; margin: .25rem; }"


def content(question="<p>VNeID có mất phí không?</p>"):
    return {
        "question": question,
        "answers": [
            {"text": "Không mất phí", "correct": True},
            {"text": "Mất phí", "correct": False},
        ],
    }


def h5p_json(**overrides):
    value = {
        "title": "Hỏi nhanh về VNeID",
        "language": "vi",
        "mainLibrary": "NhaSo.TapChoice",
        "embedTypes": ["div"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": "NhaSo.TapChoice", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    value.update(overrides)
    return value


def files(with_library=True, **overrides) -> dict:
    """The package's files by path; override or add any (None removes one)."""
    result = {
        "h5p.json": json.dumps(h5p_json()),
        "content/content.json": json.dumps(content(), ensure_ascii=False),
    }
    if with_library:
        result.update(
            {
                f"{LIBRARY}/library.json": json.dumps(LIBRARY_JSON),
                f"{LIBRARY}/semantics.json": json.dumps(SEMANTICS),
                f"{LIBRARY}/tap-choice.js": JS,
                f"{LIBRARY}/tap-choice.css": CSS,
            }
        )
    for path, data in overrides.items():
        if data is None:
            result.pop(path, None)
        else:
            result[path] = data
    return result


def package(file_map=None, symlinks=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in (file_map if file_map is not None else files()).items():
            archive.writestr(path, data)
        for path, target in symlinks:
            info = zipfile.ZipInfo(path)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, target)
    return buffer.getvalue()


# Stand-ins for H5P's core question types, written here with just enough semantics for
# exporting: same machine names and content shape as the real ones, none of their code.
def _library(name, major, minor, semantics, runnable=True, **extra):
    folder = f"{name}-{major}.{minor}"
    meta = {
        "title": name,
        "machineName": name,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": 0,
        "runnable": int(runnable),
        "embedTypes": ["iframe"],
        "preloadedJs": [{"path": "main.js"}],
        **extra,
    }
    return {
        f"{folder}/library.json": json.dumps(meta),
        f"{folder}/semantics.json": json.dumps(semantics),
        f"{folder}/main.js": f"// {name} stand-in for tests\n",
    }


HTML = {"type": "text", "widget": "html", "tags": ["strong", "em"]}
MULTICHOICE_SEMANTICS = [
    {"name": "question", **HTML},
    {
        "name": "answers",
        "type": "list",
        "field": {
            "name": "answer",
            "type": "group",
            "fields": [
                {"name": "text", **HTML},
                {"name": "correct", "type": "boolean", "default": False},
                {
                    "name": "tipsAndFeedback",
                    "type": "group",
                    "optional": True,
                    "fields": [{"name": "chosenFeedback", **HTML, "optional": True}],
                },
            ],
        },
    },
    {
        "name": "behaviour",
        "type": "group",
        "optional": True,
        "fields": [
            {"name": "singleAnswer", "type": "boolean", "default": True},
            {"name": "singlePoint", "type": "boolean", "default": False},
        ],
    },
]
TRUEFALSE_SEMANTICS = [
    {"name": "question", **HTML},
    {
        "name": "correct",
        "type": "select",
        "default": "true",
        "options": [{"value": "true", "label": "True"}, {"value": "false", "label": "False"}],
    },
]
QUESTIONSET_SEMANTICS = [
    {
        "name": "introPage",
        "type": "group",
        "optional": True,
        "fields": [{"name": "showIntroPage", "type": "boolean", "default": False}],
    },
    {
        "name": "questions",
        "type": "list",
        "field": {
            "name": "question",
            "type": "library",
            "options": ["H5P.MultiChoice 1.16", "H5P.TrueFalse 1.8"],
        },
    },
    {"name": "passPercentage", "type": "number", "default": 50, "min": 0, "max": 100},
]
EDITOR_DEPENDENCY = [{"machineName": "H5PEditor.ShowWhen", "majorVersion": 1, "minorVersion": 0}]


def core_types_package() -> bytes:
    """A package such as h5p.org exports: a multiple-choice question with its libraries."""
    question = {
        "question": "<p>Mã OTP có được đọc cho người khác không?</p>",
        "answers": [
            {"text": "<div>Không</div>", "correct": True},
            {"text": "<div>Có</div>", "correct": False},
        ],
    }
    h5p = h5p_json(
        mainLibrary="H5P.MultiChoice",
        preloadedDependencies=[
            {"machineName": "H5P.MultiChoice", "majorVersion": 1, "minorVersion": 16}
        ],
    )
    file_map = {
        "h5p.json": json.dumps(h5p),
        "content/content.json": json.dumps(question, ensure_ascii=False),
    }
    file_map.update(
        _library(
            "H5P.MultiChoice", 1, 16, MULTICHOICE_SEMANTICS, editorDependencies=EDITOR_DEPENDENCY
        )
    )
    file_map.update(
        _library("H5P.TrueFalse", 1, 8, TRUEFALSE_SEMANTICS, editorDependencies=EDITOR_DEPENDENCY)
    )
    file_map.update(_library("H5P.QuestionSet", 1, 20, QUESTIONSET_SEMANTICS))
    file_map.update(_library("H5PEditor.ShowWhen", 1, 0, [], runnable=False))
    return package(file_map)


def editor_library() -> dict:
    """An H5PEditor.* library as H5P bundles it in exports: not runnable, not a dependency of
    the content, never loaded by the player."""
    return _library("H5PEditor.ShowWhen", 1, 0, [], runnable=False)


# NhaSo.EvalChoice 1.0: NhaSo.TapChoice that builds its markup with `new Function` and its
# score with `eval`, as EmbeddedJS (under H5P.MultiChoice and H5P.QuestionSet) compiles its
# templates: it runs only where the player page's policy allows 'unsafe-eval'.
EVAL_LIBRARY = "NhaSo.EvalChoice-1.0"
EVAL_JS = r"""
var NhaSo = NhaSo || {};
NhaSo.EvalChoice = (function ($) {
  var render = new Function("text", "return '<div class=\"question\">' + text + '</div>';");
  function EvalChoice(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
  }
  EvalChoice.prototype = Object.create(H5P.EventDispatcher.prototype);
  EvalChoice.prototype.constructor = EvalChoice;
  EvalChoice.prototype.attach = function ($container) {
    var self = this;
    $container.append(render(self.params.question));
    self.params.answers.forEach(function (answer, index) {
      var button = $('<button type="button" class="answer"></button>').text(answer.text);
      button.on('click', function () {
        var statement = self.createXAPIEventTemplate('answered');
        statement.data.statement.result = {
          score: {raw: eval(answer.correct ? "0.5 + 0.5" : "0"), max: 1},
          response: String(index), success: !!answer.correct, completion: true};
        self.trigger(statement);
      });
      $container.append(button);
    });
  };
  return EvalChoice;
})(H5P.jQuery);
"""


def eval_choice_package(question="<p>Mã OTP có được đọc cho người khác không?</p>") -> bytes:
    meta = {
        **LIBRARY_JSON,
        "title": "Nhà Số eval choice",
        "machineName": "NhaSo.EvalChoice",
        "preloadedJs": [{"path": "eval-choice.js"}],
    }
    h5p = h5p_json(
        title="Hỏi nhanh về mã OTP",
        mainLibrary="NhaSo.EvalChoice",
        preloadedDependencies=[
            {"machineName": "NhaSo.EvalChoice", "majorVersion": 1, "minorVersion": 0}
        ],
    )
    answers = [{"text": "Không bao giờ", "correct": True}, {"text": "Có", "correct": False}]
    return package(
        {
            "h5p.json": json.dumps(h5p),
            "content/content.json": json.dumps(
                {"question": question, "answers": answers}, ensure_ascii=False
            ),
            f"{EVAL_LIBRARY}/library.json": json.dumps(meta),
            f"{EVAL_LIBRARY}/semantics.json": json.dumps(SEMANTICS),
            f"{EVAL_LIBRARY}/eval-choice.js": EVAL_JS,
            f"{EVAL_LIBRARY}/tap-choice.css": CSS,
        }
    )

"""A tiny H5P content type written for these tests, packaged at test time.

NhaSo.TapChoice 1.0 shows a question and buttons; choosing one sends an xAPI "answered"
statement. It is ours, small on purpose, and not a copy of any H5P library.
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

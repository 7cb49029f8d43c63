"""Translations: English source strings in tr(), Simplified Chinese by default."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resource_path

DEFAULT_LANG = "zh_CN"
_LANG_PROPERTY = "griddesk_lang"


def qm_path(lang: str) -> Path:
    return resource_path("i18n", f"griddesk_{lang}.qm")


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install GridDesk's and Qt's own translations; keep the returned objects alive."""
    installed = []
    if lang != "en":
        ours = QTranslator(app)
        if not ours.load(str(qm_path(lang))):
            raise FileNotFoundError(f"translation file {qm_path(lang)} is missing")
        app.installTranslator(ours)
        installed.append(ours)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
        QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    else:
        QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
    app.setProperty(_LANG_PROPERTY, lang)
    return installed


def current_lang() -> str:
    app = QCoreApplication.instance()
    value = app.property(_LANG_PROPERTY) if app else None
    return value or DEFAULT_LANG


def label(choice) -> str:
    """A dictionary entry's label in the UI language."""
    return choice.label(current_lang()) if choice else ""

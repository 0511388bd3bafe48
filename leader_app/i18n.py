"""Marker for user-facing strings that originate in the Qt-free core.

`QT_TRANSLATE_NOOP` is the name pyside6-lupdate looks for, so these strings land in the .ts files
without the core importing Qt. ui/ translates them with QCoreApplication.translate(context, text);
the CLI prints the English source text.
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name fixed by lupdate
    del context
    return text

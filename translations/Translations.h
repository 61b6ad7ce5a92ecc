#pragma once

#include <QString>
#include <QStringList>

namespace fieldsync {

// Installs the application's translators: Qt's own qtbase_<lang> catalogue and FieldSync's fieldsync_<lang>
// (embedded under :/i18n). English is the source language and the fallback when no catalogue matches.
// Installing again replaces the previous translators, so the language can change at run time; widgets
// retranslate on QEvent::LanguageChange. GUI thread only.
class Translations
{
public:
    // `language` is a locale name such as "de", "es_ES" or "en"; empty means the system locale.
    // Returns the language actually in effect ("en" when falling back).
    static QString install(const QString& language = {});
    // Languages with an embedded catalogue, plus "en".
    static QStringList available();
    // The language currently in effect.
    static QString current();
};

} // namespace fieldsync

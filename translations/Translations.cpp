#include "Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcTranslations, "fieldsync.ui")

namespace fieldsync {

namespace {

const QString ResourceDir = QStringLiteral(":/i18n");

struct Installed
{
    QPointer<QTranslator> qt;
    QPointer<QTranslator> app;
    QString language = QStringLiteral("en");
};

Installed& installed()
{
    static Installed state;
    return state;
}

void removeInstalled()
{
    Installed& state = installed();
    for (QPointer<QTranslator>* tr : { &state.qt, &state.app }) {
        if (*tr) {
            QCoreApplication::removeTranslator(*tr);
            delete tr->data();
        }
    }
}

} // namespace

QString Translations::install(const QString& language)
{
    removeInstalled();
    Installed& state = installed();

    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto* appTranslator = new QTranslator(QCoreApplication::instance());
    // English is the source language; its catalogue only carries the plural forms.
    if (!appTranslator->load(locale, QStringLiteral("fieldsync"), QStringLiteral("_"), ResourceDir)
        && !appTranslator->load(QStringLiteral("fieldsync_en"), ResourceDir)) {
        delete appTranslator;
        state.language = QStringLiteral("en");
        qCWarning(lcTranslations) << "No translation catalogue is embedded";
        return state.language;
    }
    state.language = QFileInfo(appTranslator->filePath()).completeBaseName().section(QLatin1Char('_'), 1);

    if (state.language != QLatin1String("en")) {
        auto* qtTranslator = new QTranslator(QCoreApplication::instance());
        if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qtTranslator);
            state.qt = qtTranslator;
        } else {
            delete qtTranslator;
        }
    }
    QCoreApplication::installTranslator(appTranslator);
    state.app = appTranslator;
    qCDebug(lcTranslations) << "Language" << state.language << "for locale" << locale.name();
    return state.language;
}

QStringList Translations::available()
{
    QStringList languages;
    const QStringList files = QDir(ResourceDir).entryList({ QStringLiteral("fieldsync_*.qm") }, QDir::Files);
    for (const QString& file : files)
        languages << QFileInfo(file).completeBaseName().section(QLatin1Char('_'), 1);
    if (!languages.contains(QLatin1String("en")))
        languages.prepend(QStringLiteral("en"));
    return languages;
}

QString Translations::current()
{
    return installed().language;
}

} // namespace fieldsync

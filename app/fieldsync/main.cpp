#include "AppSettings.h"
#include "Icons.h"
#include "LocalStore.h"
#include "MainWindow.h"
#include "StoreOpener.h"
#include "SyncController.h"
#include "SyncStore.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QSettings>

#include <cstdio>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FieldSync"));
    QApplication::setApplicationName(QStringLiteral("FieldSync"));
    QApplication::setApplicationVersion(QStringLiteral(FIELDSYNC_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.fieldsync.FieldSync"));
    QApplication::setWindowIcon(fieldsync::Icons::appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("FieldSync: offline-first field-service work orders"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"), QStringLiteral("Seed about 200 demo work orders into an empty store."));
    const QCommandLineOption lang(
        QStringLiteral("lang"), QStringLiteral("User-interface language (en, de, es)."), QStringLiteral("code"));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"), QStringLiteral("Folder that holds fieldsync.db."), QStringLiteral("dir"));
    const QCommandLineOption server(
        QStringLiteral("server"), QStringLiteral("Sync hub URL (saved in the settings)."), QStringLiteral("url"));
    const QCommandLineOption token(
        QStringLiteral("token"), QStringLiteral("Device token (saved in the settings)."), QStringLiteral("token"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
        QStringLiteral("Read the device token from a file (saved in the settings)."), QStringLiteral("file"));
    const QCommandLineOption technician(QStringLiteral("technician"),
        QStringLiteral("Technician name (saved in the settings)."), QStringLiteral("name"));
    const QCommandLineOption deviceName(
        QStringLiteral("device-name"), QStringLiteral("Device name (saved in the settings)."), QStringLiteral("name"));
    const QCommandLineOption printDeviceId(QStringLiteral("print-device-id"),
        QStringLiteral("Print this store's device id (the id to enrol on the hub) and exit."));
    const QCommandLineOption deviceId(QStringLiteral("device-id"),
        QStringLiteral("The id the hub enrolled this device under; a store that never synced adopts it."),
        QStringLiteral("id"));
    parser.addOptions(
        { demo, lang, dataDir, server, token, tokenFile, technician, deviceName, printDeviceId, deviceId });
    parser.process(app);

    // A data folder given on the command line is a separate device: its settings (hub, token, technician,
    // window layout) live beside its database, so two laptops can run side by side on one machine.
    if (parser.isSet(dataDir)) {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QDir(parser.value(dataDir)).absolutePath());
    }
    fieldsync::AppSettings settings = fieldsync::AppSettings::load();
    fieldsync::Translations::install(parser.isSet(lang) ? parser.value(lang) : settings.language);
    if (parser.isSet(tokenFile)) {
        QFile file(parser.value(tokenFile));
        if (!file.open(QIODevice::ReadOnly)) {
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "FieldSync"),
                QCoreApplication::translate("main", "The token file %1 cannot be read.")
                    .arg(QDir::toNativeSeparators(file.fileName())));
            return 1;
        }
        settings.deviceToken = QString::fromUtf8(file.readAll()).trimmed();
    }
    if (parser.isSet(token))
        settings.deviceToken = parser.value(token).trimmed();
    if (parser.isSet(server))
        settings.serverUrl = QUrl::fromUserInput(parser.value(server));
    if (parser.isSet(technician))
        settings.technicianName = parser.value(technician);
    if (parser.isSet(deviceName))
        settings.deviceName = parser.value(deviceName);
    if (parser.isSet(server) || parser.isSet(token) || parser.isSet(tokenFile) || parser.isSet(technician)
        || parser.isSet(deviceName))
        settings.save();

    const QString path = parser.isSet(dataDir)
        ? QDir(parser.value(dataDir)).absoluteFilePath(QStringLiteral("fieldsync.db"))
        : fieldsync::StoreOpener::defaultDatabasePath();
    if (parser.isSet(deviceId)) {
        QString error;
        if (!fieldsync::SyncStore::adoptDeviceId(path, parser.value(deviceId), &error))
            qWarning("Keeping this store's own device id: %s", qPrintable(error));
    }
    fieldsync::LocalStore store;
    if (!fieldsync::StoreOpener::open(store, path))
        return 1;
    if (parser.isSet(printDeviceId)) {
        fprintf(stdout, "%s\n", qPrintable(store.deviceId()));
        return 0;
    }
    if (parser.isSet(demo))
        store.seedDemoData(200);

    // The sync worker runs in its own thread on its own connection; without a hub it stays idle.
    fieldsync::SyncController sync(
        path, store.hlc(), store.wallClock(), fieldsync::MainWindow::syncSettingsFor(settings));
    fieldsync::MainWindow window(&store);
    window.attachSync(&sync);
    sync.start();
    window.show();
    return app.exec();
}

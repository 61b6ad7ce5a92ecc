#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

namespace fieldsync::server {

// Everything the server runs with. Sources in increasing precedence: built-in defaults, the config file
// (--config file.ini or FIELDSYNC_CONFIG; QSettings IniFormat, keys as the long flag names), environment
// variables (FIELDSYNC_LISTEN, FIELDSYNC_DATABASE, …), command-line flags. docs/operations.md lists them.
struct ServerConfig
{
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 8787; // 0: pick a free port (announced as a JSON log line)
    QString databaseUrl; // sqlite:///path or postgresql://…; default: sqlite file in the app data directory
    qint64 bodyLimitBytes = 8LL * 1024 * 1024;
    double tombstoneRetentionDays = 90;
    double latencyAlarmMinutes = 30;
    QString tlsCertFile;
    QString tlsKeyFile;
    int threads = 0; // request worker threads; 0: max(4, 2 × cores)
    int maxChangesPerPush = 5000;
    int maxQueuedRequests = 2000; // beyond this the server answers 503 instead of queueing more
    double purgeIntervalMinutes = 60;
    // Pushed clocks more than this far ahead of the server's wall clock are rejected (a device with a wrong date).
    double maxClockDriftMinutes = 24 * 60;
    // For tests only: shifts the server's wall clock (ms), e.g. to restart it with a clock that is behind.
    qint64 testClockOffsetMs = 0;

    static QString defaultDatabaseUrl();

    // Parses the server's own flags out of `args` (program name and subcommand words removed beforehand).
    // Unknown flags are an error unless `allowUnknown`; the unparsed arguments are returned in `rest`.
    // Returns an error message, or nullopt on success.
    std::optional<QString> load(const QStringList& args, QStringList* rest = nullptr, bool allowUnknown = false);

    static QString usage();
};

} // namespace fieldsync::server

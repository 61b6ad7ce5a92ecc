// fieldsync-sim: runs a simulated fleet of devices against a fieldsync-server (see sync/FleetSimulator.h).
#include "FleetSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFd[2] = { -1, -1 };

void onSignal(int signal)
{
    const char c = signal == SIGTERM ? 'T' : 'I';
    [[maybe_unused]] const ssize_t n = ::write(g_signalFd[0], &c, 1);
}

void print(FILE* stream, const QString& line)
{
    std::fputs(line.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fieldsync-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIELDSYNC_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs simulated FieldSync devices (own SQLite store and the real sync engine each) against a hub, then "
        "checks that every device converged with the server. Exit status 0 when converged, 1 when not, 2 on "
        "errors."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("Hub URL."), QStringLiteral("url"),
        QStringLiteral("http://127.0.0.1:8787"));
    const QCommandLineOption adminToken(QStringLiteral("admin-token"),
        QStringLiteral("Admin token used to enrol the devices (or FIELDSYNC_ADMIN_TOKEN)."), QStringLiteral("token"));
    const QCommandLineOption devices(
        QStringLiteral("devices"), QStringLiteral("Number of devices."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption duration(QStringLiteral("duration"),
        QStringLiteral("Seconds of editing before the convergence check; 0 runs until Ctrl+C."), QStringLiteral("s"),
        QStringLiteral("120"));
    const QCommandLineOption foreverOption(QStringLiteral("forever"), QStringLiteral("Same as --duration 0."));
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
        QStringLiteral("Directory for the devices' databases (default: a temporary directory)."),
        QStringLiteral("dir"));
    const QCommandLineOption skew(QStringLiteral("skew-devices"),
        QStringLiteral("Devices whose wall clock is 30 min to 2 h off (default: a fifth)."), QStringLiteral("k"));
    const QCommandLineOption supervisorFile(QStringLiteral("supervisor-token-file"),
        QStringLiteral("Also enrol a supervisor device and write its token to this file."), QStringLiteral("file"));
    const QCommandLineOption editRate(QStringLiteral("edit-rate"), QStringLiteral("Edits per device per minute."),
        QStringLiteral("n"), QStringLiteral("6"));
    const QCommandLineOption offline(QStringLiteral("offline-share"),
        QStringLiteral("Average share of time a device is offline, 0..0.9."), QStringLiteral("x"),
        QStringLiteral("0.2"));
    const QCommandLineOption interval(QStringLiteral("sync-interval"),
        QStringLiteral("Periodic sync interval of each device in seconds."), QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption settle(QStringLiteral("settle-timeout"),
        QStringLiteral("Seconds to wait for the fleet to become quiet at the end."), QStringLiteral("s"),
        QStringLiteral("90"));
    const QCommandLineOption progressEvery(QStringLiteral("progress"),
        QStringLiteral("Seconds between progress lines."), QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Log every sync run and audit."));
    parser.addOptions({ verbose, server, adminToken, devices, duration, foreverOption, seed, dataDir, skew,
        supervisorFile, editRate, offline, interval, settle, progressEvery });
    parser.process(app);
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("fieldsync.*.info=false\nfieldsync.*.debug=false"));

    const auto number = [&parser](const QCommandLineOption& option, double min, double max, bool* ok) {
        bool valid = false;
        const double value = parser.value(option).toDouble(&valid);
        if (!valid || value < min || value > max) {
            print(stderr,
                QStringLiteral("fieldsync-sim: --%1 must be a number between %2 and %3")
                    .arg(option.names().constFirst())
                    .arg(min)
                    .arg(max));
            *ok = false;
        }
        return value;
    };
    bool ok = true;
    fieldsync::FleetSimulatorOptions options;
    options.serverUrl = QUrl(parser.value(server));
    options.adminToken
        = parser.isSet(adminToken) ? parser.value(adminToken) : qEnvironmentVariable("FIELDSYNC_ADMIN_TOKEN");
    options.devices = int(number(devices, 1, 2000, &ok));
    options.durationSec = parser.isSet(foreverOption) ? 0 : int(number(duration, 0, 7 * 24 * 3600, &ok));
    options.seed = quint32(number(seed, 0, 4294967295.0, &ok));
    options.dataDir = parser.value(dataDir);
    options.skewDevices = parser.isSet(skew) ? int(number(skew, 0, 2000, &ok)) : -1;
    options.supervisorTokenFile = parser.value(supervisorFile);
    options.editsPerDeviceMinute = number(editRate, 0, 6000, &ok);
    options.offlineShare = number(offline, 0, 0.9, &ok);
    options.syncIntervalMs = int(number(interval, 0.5, 3600, &ok) * 1000);
    options.settleTimeoutSec = int(number(settle, 5, 3600, &ok));
    options.progressIntervalSec = int(number(progressEvery, 1, 3600, &ok));
    if (!ok)
        return 2;
    if (!options.serverUrl.isValid() || options.serverUrl.scheme().isEmpty()) {
        print(stderr, QStringLiteral("fieldsync-sim: --server must be a URL such as http://127.0.0.1:8787"));
        return 2;
    }
    if (options.adminToken.isEmpty()) {
        print(stderr, QStringLiteral("fieldsync-sim: --admin-token (or FIELDSYNC_ADMIN_TOKEN) is required"));
        return 2;
    }

    fieldsync::FleetSimulator simulator(options);
    QObject::connect(
        &simulator, &fieldsync::FleetSimulator::progress, &app, [](const QString& line) { print(stdout, line); });
    int exitCode = 2;
    QObject::connect(&simulator, &fieldsync::FleetSimulator::finished, &app, [&](bool converged) {
        const QStringList lines = simulator.summaryLines();
        for (const QString& line : lines)
            print(stdout, line);
        exitCode = simulator.summary().error.isEmpty() ? (converged ? 0 : 1) : 2;
        QCoreApplication::exit(exitCode);
    });

    // SIGINT ends the edit phase and runs the convergence check, a second SIGINT or a SIGTERM stops at once.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) == 0) {
        auto* notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, &app);
        int signalCount = 0;
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&simulator, &signalCount] {
            char c = 0;
            [[maybe_unused]] const ssize_t n = ::read(g_signalFd[1], &c, 1);
            if (++signalCount == 1 && c == 'I') {
                print(stdout, QStringLiteral("stopping: checking convergence (interrupt again to quit at once)"));
                simulator.finishEditing();
            } else {
                simulator.abort();
                QCoreApplication::exit(c == 'T' ? 143 : 130);
            }
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }

    simulator.start();
    return app.exec();
}

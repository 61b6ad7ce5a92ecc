// fieldsync-bench: measures FieldSync and prints one JSON line per measurement on stdout (progress on
// stderr). Figures are printed, never asserted. See docs/benchmarks.md.
#include "BenchUtil.h"
#include "Fixtures.h"
#include "Suites.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace fieldsync::bench;

namespace {

QList<int> parseInts(const QString& text, bool* ok)
{
    QList<int> out;
    *ok = true;
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        bool partOk = false;
        const int v = part.trimmed().toInt(&partOk);
        if (!partOk || v <= 0)
            *ok = false;
        out << v;
    }
    *ok = *ok && !out.isEmpty();
    return out;
}

} // namespace

int main(int argc, char* argv[])
{
    // Widgets run on the offscreen platform unless a display platform was chosen explicitly.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("fieldsync-bench"));
    QApplication::setOrganizationName(QStringLiteral("FieldSync"));
    QApplication::setApplicationVersion(QStringLiteral(FIELDSYNC_VERSION));
    QStandardPaths::setTestModeEnabled(true); // never touch the user's settings or data

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures FieldSync: the technician's UI with 100,000 work orders, fieldsync-server under concurrent "
        "devices on SQLite and PostgreSQL, and the sync engine against the seed article's algorithm. Prints one "
        "JSON line per measurement."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption suite(QStringLiteral("suite"), QStringLiteral("ui, server, sync or all (default all)."),
        QStringLiteral("name"), QStringLiteral("all"));
    const QCommandLineOption quick(
        QStringLiteral("quick"), QStringLiteral("Smoke run: counts scaled down to 10,000 rows."));
    const QCommandLineOption backends(QStringLiteral("backends"),
        QStringLiteral("Storage back ends for the server suite (default sqlite,postgresql)."), QStringLiteral("list"));
    const QCommandLineOption syncBackends(QStringLiteral("sync-backends"),
        QStringLiteral("Storage back ends for the sync suite (default sqlite,postgresql; sqlite with --quick)."),
        QStringLiteral("list"));
    const QCommandLineOption devices(QStringLiteral("devices"),
        QStringLiteral("Concurrent simulated devices for the server suite (default 1,10,50)."), QStringLiteral("list"));
    const QCommandLineOption rows(QStringLiteral("rows"),
        QStringLiteral("Rows for the UI store, the server's pull tests and the device's initial pull."),
        QStringLiteral("n"));
    const QCommandLineOption pushRows(QStringLiteral("push-rows"),
        QStringLiteral("Rows per server push test, and dirty rows the device and the baseline push."),
        QStringLiteral("n"));
    const QCommandLineOption batch(QStringLiteral("batch"),
        QStringLiteral("Changes per push and rows per page (default 500)."), QStringLiteral("n"));
    const QCommandLineOption server(
        QStringLiteral("server"), QStringLiteral("Path of fieldsync-server."), QStringLiteral("path"));
    const QCommandLineOption workDir(QStringLiteral("work-dir"),
        QStringLiteral("Directory for databases and logs (default: a fresh temporary directory, removed afterwards)."),
        QStringLiteral("dir"));
    const QCommandLineOption uiChild(QStringLiteral("ui-child"),
        QStringLiteral("Internal: run the UI measurements on this store."), QStringLiteral("db"));
    const QCommandLineOption uiStart(QStringLiteral("ui-start-ms"), QStringLiteral("Internal."), QStringLiteral("ms"));
    const QCommandLineOption uiKeystrokes(QStringLiteral("ui-keystrokes"),
        QStringLiteral("Filter keystrokes the UI suite measures (default 30)."), QStringLiteral("n"));
    const QCommandLineOption uiEdits(QStringLiteral("ui-edits"),
        QStringLiteral("Edits the UI suite commits and times (default 500)."), QStringLiteral("n"));
    for (const auto* o : { &suite, &quick, &backends, &syncBackends, &devices, &rows, &pushRows, &batch, &server,
             &workDir, &uiKeystrokes, &uiEdits })
        parser.addOption(*o);
    const QCommandLineOption syncChild(QStringLiteral("sync-child"), QStringLiteral("Internal."));
    for (QCommandLineOption o : { uiChild, uiStart, syncChild }) {
        o.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(o);
    }
    parser.process(app);

    Options options;
    options.quick = parser.isSet(quick);
    options.backends = { QStringLiteral("sqlite"), QStringLiteral("postgresql") };
    QStringList syncBackendList = options.backends;
    options.deviceCounts = { 1, 10, 50 };
    if (options.quick) {
        options.uiRows = 10'000;
        options.uiKeystrokes = 10;
        options.uiEdits = 100;
        options.serverPushRows = 2'000;
        options.serverPullRows = 10'000;
        options.syncRows = 10'000;
        options.syncPushRows = 1'000;
        options.naiveRows = 1'000;
        options.deviceCounts = { 1, 10 };
        syncBackendList = { QStringLiteral("sqlite") };
    }
    auto fail = [](const QString& message) {
        std::fprintf(stderr, "fieldsync-bench: %s\n", qPrintable(message));
        return 2;
    };
    auto positive = [&](const QCommandLineOption& option, int* target) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        if (!ok || v <= 0)
            return false;
        *target = v;
        return true;
    };
    if (parser.isSet(rows)) {
        int n = 0;
        if (!positive(rows, &n))
            return fail(QStringLiteral("--rows needs a positive number"));
        options.uiRows = options.serverPullRows = options.syncRows = n;
    }
    if (parser.isSet(pushRows)) {
        int n = 0;
        if (!positive(pushRows, &n))
            return fail(QStringLiteral("--push-rows needs a positive number"));
        options.serverPushRows = options.syncPushRows = options.naiveRows = n;
        options.uiEdits = std::min(options.uiEdits, n);
    }
    if (!positive(uiKeystrokes, &options.uiKeystrokes) || !positive(uiEdits, &options.uiEdits))
        return fail(QStringLiteral("--ui-keystrokes and --ui-edits need positive numbers"));
    options.uiStartMs = parser.value(uiStart).toDouble();
    if (!positive(batch, &options.batchSize))
        return fail(QStringLiteral("--batch needs a positive number"));
    if (parser.isSet(devices)) {
        bool ok = false;
        options.deviceCounts = parseInts(parser.value(devices), &ok);
        if (!ok)
            return fail(QStringLiteral("--devices needs a comma-separated list of positive numbers"));
    }
    const QStringList known { QStringLiteral("sqlite"), QStringLiteral("postgresql") };
    auto backendList = [&](const QCommandLineOption& option, QStringList* target) {
        if (!parser.isSet(option))
            return true;
        *target = parser.value(option).split(u',', Qt::SkipEmptyParts);
        for (const QString& b : std::as_const(*target)) {
            if (!known.contains(b))
                return false;
        }
        return !target->isEmpty();
    };
    if (!backendList(backends, &options.backends) || !backendList(syncBackends, &syncBackendList))
        return fail(QStringLiteral("back ends are sqlite and postgresql"));
    options.serverBinary = parser.value(server);

    std::unique_ptr<QTemporaryDir> temp;
    if (parser.isSet(workDir)) {
        options.workDir = QDir(parser.value(workDir)).absolutePath();
        if (!QDir().mkpath(options.workDir))
            return fail(QStringLiteral("cannot create %1").arg(options.workDir));
    } else {
        temp = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/fieldsync-bench-XXXXXX"));
        if (!temp->isValid())
            return fail(QStringLiteral("cannot create a temporary directory"));
        options.workDir = temp->path();
    }

    if (parser.isSet(uiChild))
        return runUiChild(options, parser.value(uiChild));

    const QString which = parser.value(suite);
    const QStringList suites { QStringLiteral("ui"), QStringLiteral("server"), QStringLiteral("sync") };
    if (which != QLatin1String("all") && !suites.contains(which))
        return fail(QStringLiteral("unknown suite \"%1\" (ui, server, sync, all)").arg(which));
    options.suites = which == QLatin1String("all") ? suites : QStringList { which };

    // PostgreSQL runs exactly as the server's test suite runs it: the whole benchmark is re-run under
    // tests/server/pg_env.sh, which starts a throwaway cluster around it. Without the script (an installed
    // benchmark) the benchmark starts its own cluster with initdb and pg_ctl.
    const bool needsPostgres
        = (options.suites.contains(QStringLiteral("server")) && options.backends.contains(QStringLiteral("postgresql")))
        || (options.suites.contains(QStringLiteral("sync")) && syncBackendList.contains(QStringLiteral("postgresql")));
    const QString pgEnv = QStringLiteral(FIELDSYNC_SOURCE_DIR "/tests/server/pg_env.sh");
    // FIELDSYNC_BENCH_OWN_POSTGRES=1 asks for that own cluster anyway: PostgreSQL's default, durable settings.
    const bool ownPostgres = qEnvironmentVariableIntValue("FIELDSYNC_BENCH_OWN_POSTGRES") == 1;
    if (needsPostgres && !ownPostgres && qEnvironmentVariableIsEmpty("FIELDSYNC_TEST_PG_HOST")
        && QFileInfo(pgEnv).isExecutable()) {
        Reporter::note(QStringLiteral("running under %1 for PostgreSQL").arg(pgEnv));
        QProcess wrapped;
        wrapped.setProcessChannelMode(QProcess::ForwardedChannels);
        QStringList args { QCoreApplication::applicationFilePath() };
        args << QCoreApplication::arguments().mid(1);
        if (!parser.isSet(workDir))
            args << QStringLiteral("--work-dir") << options.workDir;
        wrapped.start(pgEnv, args);
        if (!wrapped.waitForStarted(30'000))
            return fail(QStringLiteral("cannot run %1: %2").arg(pgEnv, wrapped.errorString()));
        wrapped.waitForFinished(-1);
        return wrapped.exitStatus() == QProcess::NormalExit ? wrapped.exitCode() : 2;
    }

    Backends hubs(options.workDir);
    if (parser.isSet(syncChild)) {
        Options syncOptions = options;
        syncOptions.backends = syncBackendList;
        return runSyncSuite(syncOptions, hubs) ? 0 : 1;
    }

    QJsonObject machine = machineInfo();
    machine.insert(QStringLiteral("test"), QStringLiteral("machine"));
    machine.insert(QStringLiteral("suites"), options.suites.join(u','));
    machine.insert(QStringLiteral("quick"), options.quick);
    {
        // Which source the figures belong to (when run from a git checkout).
        QProcess git;
        git.start(QStringLiteral("git"),
            { QStringLiteral("-C"), QStringLiteral(FIELDSYNC_SOURCE_DIR), QStringLiteral("describe"),
                QStringLiteral("--always"), QStringLiteral("--dirty") });
        if (git.waitForFinished(10'000) && git.exitCode() == 0)
            machine.insert(QStringLiteral("commit"), QString::fromUtf8(git.readAllStandardOutput().trimmed()));
    }
    Reporter::emitLine(machine);

    bool ok = true;
    for (const QString& s : std::as_const(options.suites)) {
        Reporter::note(QStringLiteral("suite %1").arg(s));
        if (s == QLatin1String("ui")) {
            ok &= runUiSuite(options);
        } else if (s == QLatin1String("server")) {
            ok &= runServerSuite(options, hubs);
        } else {
            // One process per back end: the device's peak memory is then its own, not left over from
            // earlier measurements.
            const QStringList replaced { QStringLiteral("--suite"), QStringLiteral("--sync-backends"),
                QStringLiteral("--work-dir") };
            QStringList base;
            const QStringList original = QCoreApplication::arguments().mid(1);
            for (qsizetype i = 0; i < original.size(); ++i) {
                const QString& a = original.at(i);
                if (replaced.contains(a)) {
                    ++i; // and its value
                    continue;
                }
                if (std::any_of(
                        replaced.cbegin(), replaced.cend(), [&](const QString& r) { return a.startsWith(r + u'='); }))
                    continue;
                base << a;
            }
            for (const QString& backend : std::as_const(syncBackendList)) {
                QStringList args = base;
                args << QStringLiteral("--suite") << QStringLiteral("sync") << QStringLiteral("--sync-child")
                     << QStringLiteral("--sync-backends") << backend << QStringLiteral("--work-dir") << options.workDir;
                ok &= runSelf(args, 3'600'000) == 0;
            }
        }
    }
    if (Reporter::linesEmitted() <= 1)
        return fail(QStringLiteral("no measurement could run"));
    return ok ? 0 : 1;
}

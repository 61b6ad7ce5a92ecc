#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace fieldsync::bench {

// Options shared by every suite. Counts scale down with --quick; explicit flags win over both.
struct Options
{
    QStringList suites; // "ui", "server", "sync"
    bool quick = false;
    QStringList backends; // "sqlite", "postgresql"
    QList<int> deviceCounts; // server suite: concurrent simulated devices
    int uiRows = 100'000;
    int uiKeystrokes = 30;
    int uiEdits = 500;
    int serverPushRows = 20'000; // rows pushed per push test (split among the devices)
    int serverPullRows = 100'000; // rows on the server for the pull tests
    int syncRows = 100'000; // rows on the server for the device's initial pull
    int syncPushRows = 10'000; // dirty rows the device pushes
    int naiveRows = 10'000; // dirty rows the baseline pushes one POST each
    int batchSize = 500; // changes per push, rows per pull page (the client's default)
    QString serverBinary; // fieldsync-server; found next to the bench when empty
    QString workDir; // temporary files; a fresh temp dir when empty
    double uiStartMs = 0; // --ui-child: the parent's monotonicMs() just before starting this process
};

// Prints one JSON line per measurement on stdout, flushed at once, with the tool/version header fields.
class Reporter
{
public:
    static void emitLine(QJsonObject fields);
    static void emitRaw(const QByteArray& jsonLine); // a line measured by a child process
    static void note(const QString& message); // progress on stderr, never on stdout
    static int linesEmitted();
};

struct Stats
{
    int count = 0;
    double median = 0;
    double p99 = 0;
    double max = 0;
    double mean = 0;
};
Stats summarize(QList<double> samples);
double round3(double v); // three decimals, for readable JSON

// VmHWM (peak resident set) / VmRSS of a process in MiB, read from /proc/<pid>/status; -1 when unreadable.
double peakRssMb(qint64 pid = 0); // 0 = this process
double currentRssMb(qint64 pid = 0);
// Resets the peak (VmHWM) to the current resident size (writes 5 to /proc/<pid>/clear_refs).
bool resetPeakRss(qint64 pid = 0);

// Runs this executable again with `args` (a measurement that needs a process of its own), forwarding its
// stderr and re-emitting its JSON lines as they arrive. Returns its exit code (-1 when it crashed or hung).
int runSelf(const QStringList& args, int timeoutMs);

// 1-minute load average of the machine, -1 when unreadable.
double loadAverage();
// CPU model, cores, memory, kernel, OS, Qt version and the UTC date: the "machine" line of a run.
QJsonObject machineInfo();

// CLOCK_MONOTONIC in milliseconds: comparable between processes on one machine.
double monotonicMs();

} // namespace fieldsync::bench

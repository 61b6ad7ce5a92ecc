#include "BenchUtil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace fieldsync::bench {

namespace {
int g_lines = 0;

QString procPath(qint64 pid, const char* leaf)
{
    const QString who = pid > 0 ? QString::number(pid) : QStringLiteral("self");
    return QStringLiteral("/proc/") + who + u'/' + QLatin1String(leaf);
}

double statusFieldMb(qint64 pid, QByteArrayView key)
{
    QFile f(procPath(pid, "status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (!line.startsWith(key))
            continue;
        const QByteArray kb = line.mid(key.size()).trimmed().split(' ').value(0);
        return kb.toDouble() / 1024.0;
    }
    return -1;
}
} // namespace

void Reporter::emitLine(QJsonObject fields)
{
    fields.insert(QStringLiteral("tool"), QStringLiteral("fieldsync"));
    if (!fields.contains(QStringLiteral("load_1m")))
        fields.insert(QStringLiteral("load_1m"), loadAverage()); // how busy the machine was: compare runs fairly
    fields.insert(QStringLiteral("version"), QStringLiteral(FIELDSYNC_VERSION));
    // QJsonObject sorts its keys; lines read better with the identifying keys first, so they are written
    // in this order, then the rest alphabetically.
    static const char* const leading[]
        = { "tool", "version", "suite", "test", "backend", "devices", "n", "secs", "rows_per_s" };
    QStringList order;
    for (const char* key : leading) {
        if (fields.contains(QLatin1String(key)))
            order << QLatin1String(key);
    }
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!order.contains(it.key()))
            order << it.key();
    }
    QByteArray out = "{";
    for (const QString& key : std::as_const(order)) {
        if (out.size() > 1)
            out += ',';
        const QByteArray pair
            = QJsonDocument(QJsonObject { { key, fields.value(key) } }).toJson(QJsonDocument::Compact);
        out += pair.mid(1, pair.size() - 2); // "key":value without the braces
    }
    out += '}';
    emitRaw(out);
}

void Reporter::emitRaw(const QByteArray& jsonLine)
{
    std::fwrite(jsonLine.constData(), 1, size_t(jsonLine.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    ++g_lines;
}

void Reporter::note(const QString& message)
{
    const QByteArray out = "[bench] " + message.toUtf8() + '\n';
    std::fwrite(out.constData(), 1, size_t(out.size()), stderr);
    std::fflush(stderr);
}

int Reporter::linesEmitted()
{
    return g_lines;
}

Stats summarize(QList<double> samples)
{
    Stats s;
    s.count = int(samples.size());
    if (samples.isEmpty())
        return s;
    std::sort(samples.begin(), samples.end());
    auto at = [&](double q) {
        // Nearest-rank percentile.
        const qsizetype rank = qsizetype(std::ceil(q * double(samples.size())));
        return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
    };
    const qsizetype n = samples.size();
    s.median = n % 2 ? samples.at(n / 2) : (samples.at(n / 2 - 1) + samples.at(n / 2)) / 2.0;
    s.p99 = at(0.99);
    s.max = samples.last();
    double sum = 0;
    for (double v : samples)
        sum += v;
    s.mean = sum / double(n);
    return s;
}

double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

double peakRssMb(qint64 pid)
{
    return statusFieldMb(pid, "VmHWM:");
}

double currentRssMb(qint64 pid)
{
    return statusFieldMb(pid, "VmRSS:");
}

bool resetPeakRss(qint64 pid)
{
    QFile f(procPath(pid, "clear_refs"));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write("5") == 1;
}

int runSelf(const QStringList& args, int timeoutMs)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), args);
    if (!child.waitForStarted(30'000)) {
        Reporter::note(QStringLiteral("cannot start a measurement process: ") + child.errorString());
        return -1;
    }
    QByteArray pending;
    auto drain = [&] {
        pending += child.readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl).trimmed();
            pending.remove(0, nl + 1);
            if (line.startsWith('{'))
                Reporter::emitRaw(line);
        }
    };
    QElapsedTimer timer;
    timer.start();
    while (child.state() != QProcess::NotRunning && timer.elapsed() < timeoutMs) {
        child.waitForReadyRead(500);
        drain();
    }
    if (child.state() != QProcess::NotRunning) {
        child.kill();
        child.waitForFinished(10'000);
        drain();
        return -1;
    }
    drain();
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
}

double loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return f.readAll().split(' ').value(0).toDouble();
}

QJsonObject machineInfo()
{
    QJsonObject o;
    QFile cpu(QStringLiteral("/proc/cpuinfo"));
    if (cpu.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : cpu.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                o.insert(QStringLiteral("cpu"), QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed()));
                break;
            }
        }
    }
    o.insert(QStringLiteral("cores"), QThread::idealThreadCount());
    QFile mem(QStringLiteral("/proc/meminfo"));
    if (mem.open(QIODevice::ReadOnly)) {
        const QByteArray first = mem.readLine();
        o.insert(QStringLiteral("mem_gb"), round3(first.mid(9).trimmed().split(' ').value(0).toDouble() / 1024 / 1024));
    }
    o.insert(QStringLiteral("kernel"), QSysInfo::kernelVersion());
    o.insert(QStringLiteral("os"), QSysInfo::prettyProductName());
    o.insert(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
    o.insert(QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    return o;
}

double monotonicMs()
{
    timespec t {};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

} // namespace fieldsync::bench

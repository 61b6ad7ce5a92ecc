#include "Metrics.h"

#include <QMutexLocker>

#include <algorithm>
#include <array>

namespace fieldsync::server {

namespace {

constexpr std::array<double, 12> BucketBounds { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10 };

QByteArray label(const QString& s)
{
    QByteArray out = s.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 12);
}

} // namespace

void Metrics::recordRequest(const QString& endpoint, int status, double seconds)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[qMakePair(endpoint, status)];
    Histogram& h = m_latency[endpoint];
    if (h.buckets.isEmpty())
        h.buckets.resize(qsizetype(BucketBounds.size()));
    for (size_t i = 0; i < BucketBounds.size(); ++i) {
        if (seconds <= BucketBounds[i])
            ++h.buckets[qsizetype(i)];
    }
    ++h.count;
    h.sum += seconds;
}

QByteArray Metrics::render() const
{
    QByteArray out;
    out += "# HELP fieldsync_http_requests_total HTTP requests by endpoint and status.\n"
           "# TYPE fieldsync_http_requests_total counter\n";
    QMutexLocker lock(&m_mutex);
    QList<QPair<QString, int>> keys = m_requests.keys();
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys)
        out += "fieldsync_http_requests_total{endpoint=\"" + label(k.first) + "\",status=\""
            + QByteArray::number(k.second) + "\"} " + QByteArray::number(m_requests.value(k)) + '\n';

    out += "# HELP fieldsync_http_request_duration_seconds Request latency by endpoint.\n"
           "# TYPE fieldsync_http_request_duration_seconds histogram\n";
    QStringList endpoints = m_latency.keys();
    std::sort(endpoints.begin(), endpoints.end());
    for (const QString& e : endpoints) {
        const Histogram& h = m_latency[e];
        const QByteArray name = "fieldsync_http_request_duration_seconds";
        for (size_t i = 0; i < BucketBounds.size(); ++i)
            out += name + "_bucket{endpoint=\"" + label(e) + "\",le=\"" + number(BucketBounds[i]) + "\"} "
                + QByteArray::number(h.buckets[qsizetype(i)]) + '\n';
        out += name + "_bucket{endpoint=\"" + label(e) + "\",le=\"+Inf\"} " + QByteArray::number(h.count) + '\n';
        out += name + "_sum{endpoint=\"" + label(e) + "\"} " + number(h.sum) + '\n';
        out += name + "_count{endpoint=\"" + label(e) + "\"} " + QByteArray::number(h.count) + '\n';
    }
    lock.unlock();

    auto counter = [&out](const char* name, const char* help, qint64 value, const char* type = "counter") {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name + ' '
            + QByteArray::number(value) + '\n';
    };
    counter("fieldsync_rows_pushed_total", "Changes applied or merged from pushes.", m_rowsPushed);
    counter("fieldsync_rows_pulled_total", "Rows served by the change feed.", m_rowsPulled);
    counter("fieldsync_conflicts_total", "Conflicts recorded by the merge.", m_conflicts);
    counter("fieldsync_audits_total", "Integrity audits answered.", m_audits);
    counter("fieldsync_audit_mismatches_total", "Integrity audits that did not match.", m_auditMismatches);
    counter("fieldsync_connections_total", "TCP connections accepted.", m_connectionsTotal);
    counter("fieldsync_open_connections", "TCP connections open now.", m_openConnections, "gauge");
    return out;
}

} // namespace fieldsync::server

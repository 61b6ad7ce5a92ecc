#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>

namespace fieldsync::server {

// Process-wide counters exported in the Prometheus text format on GET /metrics. Thread-safe: request
// handlers on the pool record into it, the listener counts connections.
class Metrics
{
public:
    void recordRequest(const QString& endpoint, int status, double seconds);
    void addRowsPushed(qint64 n) { m_rowsPushed += n; }
    void addRowsPulled(qint64 n) { m_rowsPulled += n; }
    void addConflicts(qint64 n) { m_conflicts += n; }
    void addAuditMismatch() { ++m_auditMismatches; }
    void addAudit() { ++m_audits; }
    void connectionOpened()
    {
        ++m_openConnections;
        ++m_connectionsTotal;
    }
    void connectionClosed() { --m_openConnections; }
    qint64 openConnections() const { return m_openConnections; }

    QByteArray render() const;

private:
    struct Histogram
    {
        QList<qint64> buckets; // cumulative counts per upper bound in BucketBounds
        qint64 count = 0;
        double sum = 0;
    };

    mutable QMutex m_mutex;
    QHash<QPair<QString, int>, qint64> m_requests;
    QHash<QString, Histogram> m_latency;
    std::atomic<qint64> m_rowsPushed { 0 };
    std::atomic<qint64> m_rowsPulled { 0 };
    std::atomic<qint64> m_conflicts { 0 };
    std::atomic<qint64> m_auditMismatches { 0 };
    std::atomic<qint64> m_audits { 0 };
    std::atomic<qint64> m_openConnections { 0 };
    std::atomic<qint64> m_connectionsTotal { 0 };
};

} // namespace fieldsync::server

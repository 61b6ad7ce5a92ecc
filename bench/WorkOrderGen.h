#pragma once

#include "sync/Protocol.h"

#include <QJsonObject>
#include <QString>
#include <QVariantMap>

namespace fieldsync::bench {

// Deterministic, realistic work orders of about 1 KB of field values (title, a description of ~520
// characters, notes of ~260, customer, site, asset, …). The same index always gives the same content.
class WorkOrderGen
{
public:
    // Synced field values for row `index` as the store takes them (strings; no "deleted").
    static QVariantMap values(qint64 index, int revision = 0);
    // The same values as protocol JSON ("deleted": false added).
    static QJsonObject json(qint64 index, int revision = 0);
    // Sum of the UTF-8 sizes of the values of row `index`.
    static int payloadBytes(qint64 index);
};

// Builds protocol changes the way a device does: every field with a fresh HLC from a simple monotonic
// per-device clock (physical ms now, logical counter), node = device id.
class ChangeFactory
{
public:
    explicit ChangeFactory(QString deviceId);
    QString nextHlc();
    QString nextUlid();
    // A new row: every field, base clocks empty.
    protocol::Change newRow(const QString& rowId, const QJsonObject& values);
    // An edit of some fields of an existing row whose current clocks are `baseClocks`.
    protocol::Change edit(const QString& rowId, const QJsonObject& changed, const QMap<QString, QString>& baseClocks,
        const QJsonObject& baseValues = {});

private:
    QString m_deviceId;
    qint64 m_lastMs = 0;
    quint32 m_logical = 0;
};

} // namespace fieldsync::bench

#pragma once

#include <QString>
#include <QUrl>

namespace fieldsync {

// The technician's preferences, kept in QSettings (organization "FieldSync", application "FieldSync").
// The device token is stored here with the user's other settings and is never written to any log.
struct AppSettings
{
    QString technicianName;
    QString deviceName;
    QUrl serverUrl;
    QString deviceToken;
    QString language; // empty = follow the system locale

    static AppSettings load();
    void save() const;
};

} // namespace fieldsync

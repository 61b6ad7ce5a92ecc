#include "DeviceStore.h"

#include "models/LocalStore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace fieldsync::bench {

bool createDeviceStore(const QString& path, const QString& deviceId, QString* error)
{
    {
        LocalStore store;
        if (!store.open(path, QStringLiteral("bench-create"))) {
            *error = store.lastError().message;
            return false;
        }
        if (store.deviceId() == deviceId)
            return true;
    }
    const QString name = QStringLiteral("bench-adopt");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'device_id'"));
            q.addBindValue(deviceId);
            ok = q.exec() && q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'hlc'"));
            if (!ok)
                *error = q.lastError().text();
        } else {
            *error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace fieldsync::bench

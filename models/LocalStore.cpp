#include "LocalStore.h"

#include "Clock.h"
#include "DemoData.h"
#include "Logging.h"
#include "Migrations.h"
#include "Schema.h"
#include "Ulid.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcFieldsyncDb, "fieldsync.db")

namespace fieldsync {

namespace {

constexpr int BusyTimeoutMs = 5000;
constexpr qint64 FullCheckMaxBytes = 64LL * 1024 * 1024;
const QString DeviceIdKey = QStringLiteral("device_id");
const QString HlcKey = QStringLiteral("hlc");

QString tr(const char* text)
{
    return QCoreApplication::translate("fieldsync::LocalStore", text);
}

// SQLite primary result codes, as the Qt driver reports them in nativeErrorCode().
int sqliteCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}
constexpr int SqliteReadOnly = 8;
constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADb = 26;

// Canonical JSON text of one field value: a JSON string, or a bool for the tombstone.
QString jsonText(const FieldDef& field, const QVariant& value)
{
    const QJsonValue v = field.type == FieldType::Tombstone ? QJsonValue(value.toBool()) : QJsonValue(value.toString());
    const QByteArray array = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString nonNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QVariant normalized(const FieldDef& field, const QVariant& value)
{
    if (field.type == FieldType::Tombstone)
        return value.toBool();
    // Never a null QString: the driver would bind it as SQL NULL.
    return nonNull(value.toString());
}

QVariant defaultFor(const FieldDef& field)
{
    if (field.type == FieldType::Tombstone)
        return false;
    return field.defaultValue;
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString compactJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

bool fileIsReadOnly(const QString& path)
{
    // access() honours read-only mounts and immutable files even for root; the permission bits catch a file
    // someone marked read-only that root could still write.
    if (::access(QFile::encodeName(path).constData(), W_OK) != 0)
        return true;
    const auto perms = QFileInfo(path).permissions();
    return !(perms & (QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther));
}

} // namespace

// BEGIN IMMEDIATE … COMMIT, rolled back unless committed.
struct LocalStore::WriteTransaction
{
    explicit WriteTransaction(const QSqlDatabase& db)
        : m_db(db)
    { }
    ~WriteTransaction()
    {
        if (m_open) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("ROLLBACK"));
        }
    }
    bool begin(QSqlError* error)
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            *error = q.lastError();
            return false;
        }
        m_open = true;
        return true;
    }
    bool commit(QSqlError* error)
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("COMMIT"))) {
            *error = q.lastError();
            return false;
        }
        m_open = false;
        return true;
    }

    QSqlDatabase m_db;
    bool m_open = false;
};

LocalStore::LocalStore(const Clock* wallClock)
    : m_wallClock(wallClock ? wallClock : SystemClock::instance())
    , m_ids(std::make_unique<UlidGenerator>(m_wallClock))
{ }

LocalStore::~LocalStore()
{
    close();
}

void LocalStore::shareClock(std::shared_ptr<HybridLogicalClock> hlc)
{
    m_hlc = std::move(hlc);
    m_sharedClock = m_hlc != nullptr;
}

int LocalStore::latestSchemaVersion()
{
    return migrations::latestVersion();
}

bool LocalStore::fail(StoreError::Kind kind, const QString& message)
{
    m_error.kind = kind;
    m_error.message = message;
    if (kind == StoreError::Invalid || kind == StoreError::NotFound)
        qCDebug(lcFieldsyncDb).noquote() << m_path << message; // refused input, reported to the caller
    else
        qCWarning(lcFieldsyncDb).noquote() << m_path << message;
    return false;
}

bool LocalStore::failQuery(const QSqlError& error, const QString& context)
{
    const int code = sqliteCode(error);
    const QString detail = error.text();
    if (code == SqliteReadOnly)
        return fail(StoreError::ReadOnly, tr("The database file “%1” is read-only: %2").arg(m_path, detail));
    if (code == SqliteCorrupt || code == SqliteNotADb)
        return fail(StoreError::Corrupt, tr("The database file “%1” is damaged: %2").arg(m_path, detail));
    return fail(StoreError::Sql, context + QStringLiteral(": ") + detail);
}

StoreError LocalStore::inspect(const QString& path, bool fullCheck)
{
    // Through a read-only connection, so nothing is written to a file the store will refuse.
    const QString name = QStringLiteral("fieldsync-check-") + Ulid::generate();
    StoreError result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        QSqlQuery q(db);
        auto classify = [&](const QSqlError& error) {
            const int code = sqliteCode(error);
            result.kind = (code == SqliteCorrupt || code == SqliteNotADb) ? StoreError::Corrupt : StoreError::Sql;
            result.message = result.kind == StoreError::Corrupt
                ? tr("The file “%1” is not a FieldSync database or is damaged (%2). It was left untouched.")
                      .arg(path, error.text())
                : tr("The database “%1” could not be read: %2").arg(path, error.text());
        };
        if (!db.open()) {
            classify(db.lastError());
        } else if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next()) {
            classify(q.lastError());
        } else if (const int objects = q.value(0).toInt();
                   !q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
            classify(q.lastError());
        } else if (const int version = q.value(0).toInt(); version == 0 && objects > 0) {
            // Tables but no schema version: another application's database, not one to add tables to.
            result.kind = StoreError::Corrupt;
            result.message = tr("The file “%1” is a database of another application, not a FieldSync database. It "
                                "was left untouched.")
                                 .arg(path);
        } else if (version > migrations::latestVersion()) {
            result.kind = StoreError::NewerSchema;
            result.message = tr("The database “%1” was written by a newer version of FieldSync (schema %2; this "
                                "version understands up to %3). Update FieldSync to open it; the file was left "
                                "untouched.")
                                 .arg(path)
                                 .arg(version)
                                 .arg(migrations::latestVersion());
        } else if (fullCheck && (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())) {
            classify(q.lastError());
        } else if (fullCheck && q.value(0).toString() != u"ok") {
            result.kind = StoreError::Corrupt;
            result.message = tr("The database “%1” is damaged (%2). It was left untouched; restore a backup or move "
                                "it aside to start with an empty database.")
                                 .arg(path, q.value(0).toString().section(u'\n', 0, 2));
        }
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

bool LocalStore::removeFiles(const QString& path, QString* error)
{
    bool ok = true;
    for (const QString& suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        const QString file = path + suffix;
        if (QFile::exists(file) && !QFile::remove(file)) {
            if (error)
                *error = QStringLiteral("cannot remove %1").arg(file);
            ok = false;
        }
    }
    return ok;
}

StoreError LocalStore::checkIntegrity(const QString& path)
{
    if (!QFileInfo(path).isFile())
        return { StoreError::MissingDirectory, tr("The database file “%1” does not exist.").arg(path) };
    return inspect(path, true);
}

bool LocalStore::open(const QString& path, const QString& connectionName)
{
    close();
    m_error = {};
    m_path = path;
    if (QSqlDatabase::contains(connectionName))
        return fail(StoreError::Sql, tr("The database connection “%1” is already in use.").arg(connectionName));

    const QFileInfo info(path);
    const QString dirPath = info.absolutePath();
    if (!QFileInfo::exists(dirPath)) {
        if (!QDir().mkpath(dirPath))
            return fail(StoreError::MissingDirectory,
                tr("The data folder “%1” does not exist and could not be created.").arg(dirPath));
        qCInfo(lcFieldsyncDb) << "created data folder" << dirPath;
    } else if (!QFileInfo(dirPath).isDir()) {
        return fail(StoreError::MissingDirectory, tr("“%1” is not a folder.").arg(dirPath));
    }
    if (info.exists()) {
        if (!info.isFile())
            return fail(StoreError::Corrupt, tr("“%1” is not a database file.").arg(path));
        if (fileIsReadOnly(path))
            return fail(StoreError::ReadOnly,
                tr("The database file “%1” is read-only. FieldSync needs to write to it; it was left untouched.")
                    .arg(path));
        if (::access(QFile::encodeName(dirPath).constData(), W_OK) != 0)
            return fail(StoreError::ReadOnly,
                tr("The data folder “%1” is read-only; the database cannot be written.").arg(dirPath));
        // The structural check reads every page; above FullCheckMaxBytes it would delay the first window, so
        // large files get the header and schema checks here and damage deeper down surfaces as
        // StoreError::Corrupt from the query that meets it (checkIntegrity() runs the full check on demand).
        const StoreError problem = inspect(path, info.size() <= FullCheckMaxBytes);
        if (problem)
            return fail(problem.kind, problem.message);
    } else if (::access(QFile::encodeName(dirPath).constData(), W_OK) != 0) {
        return fail(StoreError::ReadOnly,
            tr("The data folder “%1” is read-only; no database can be created there.").arg(dirPath));
    }

    m_connectionName = connectionName;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        close();
        return failQuery(error, tr("The database “%1” could not be opened").arg(path));
    }
    QSqlQuery q(db);
    // A new database gets 16 KB pages (an existing one keeps the size it was created with): a work order with
    // its clocks is ~2 KB, and the scans that build the list's indexes after a first pull and the search index
    // read a quarter as many pages from the OS (100,000 work orders: each sort index 0.18 -> 0.15 s).
    const QStringList pragmas { QStringLiteral("PRAGMA page_size = 16384"), QStringLiteral("PRAGMA journal_mode = WAL"),
        QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA busy_timeout = %1").arg(BusyTimeoutMs) };
    for (const QString& pragma : pragmas) {
        if (!q.exec(pragma)) {
            const QSqlError error = q.lastError();
            q = QSqlQuery();
            db = QSqlDatabase();
            close();
            return failQuery(error, tr("Configuring the database failed"));
        }
    }
    q.finish();

    QString message;
    if (!migrations::migrate(db, &message)) {
        const bool newer = migrations::currentVersion(db) > latestSchemaVersion();
        q = QSqlQuery();
        db = QSqlDatabase();
        close();
        return fail(newer ? StoreError::NewerSchema : StoreError::Sql, message);
    }

    // The device id is made once and never changes; a second connection opening concurrently keeps the first.
    if (!q.exec(
            QStringLiteral("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', '%1')").arg(Ulid::generate()))
        || !q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'device_id'")) || !q.next()) {
        const QSqlError error = q.lastError();
        q = QSqlQuery();
        db = QSqlDatabase();
        close();
        return failQuery(error, tr("Reading the device id failed"));
    }
    m_deviceId = q.value(0).toString();
    q.finish();

    if (m_sharedClock) {
        if (m_hlc->node() != m_deviceId) {
            q = QSqlQuery();
            db = QSqlDatabase();
            close();
            return fail(StoreError::Sql,
                tr("The shared clock belongs to device %1, the database to device %2.").arg(m_hlc->node(), m_deviceId));
        }
    } else {
        m_hlc = std::make_shared<HybridLogicalClock>(m_deviceId, m_wallClock);
    }
    // Never run behind anything this device stored: its persisted clock and every row clock it holds.
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'hlc' UNION ALL "
                              "SELECT max(last_updated) FROM work_orders"))) {
        while (q.next()) {
            if (const auto ts = HlcTimestamp::parse(q.value(0).toString()))
                m_hlc->restore(*ts);
        }
    }
    qCInfo(lcFieldsyncDb) << "opened" << path << "as" << connectionName << "device" << m_deviceId;
    return true;
}

bool LocalStore::isOpen() const
{
    return !m_connectionName.isEmpty() && QSqlDatabase::database(m_connectionName, false).isOpen();
}

void LocalStore::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_deviceId.clear();
    if (!m_sharedClock)
        m_hlc.reset();
}

QSqlDatabase LocalStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int LocalStore::schemaVersion() const
{
    return isOpen() ? migrations::currentVersion(database()) : -1;
}

bool LocalStore::exec(const QString& sql)
{
    QSqlQuery q(database());
    if (q.exec(sql))
        return true;
    return failQuery(q.lastError(), sql);
}

QString LocalStore::meta(const QString& key, const QString& defaultValue) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return defaultValue;
}

bool LocalStore::setMeta(const QString& key, const QString& value)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (q.exec())
        return true;
    return failQuery(q.lastError(), tr("Saving setting “%1” failed").arg(key));
}

QString LocalStore::deviceId() const
{
    return m_deviceId;
}

HlcTimestamp LocalStore::stamp()
{
    return m_hlc->now();
}

bool LocalStore::writeClock(const QString& hlc)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('hlc', ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE excluded.value > value"));
    q.addBindValue(hlc);
    if (q.exec())
        return true;
    return failQuery(q.lastError(), tr("Saving the clock failed"));
}

bool LocalStore::persistClock()
{
    if (!isOpen() || !m_hlc)
        return fail(StoreError::Sql, tr("The database is not open."));
    const HlcTimestamp last = m_hlc->last();
    return last.isNull() || writeClock(last.toString());
}

QString LocalStore::insertRow(const QString& table, const QVariantMap& values)
{
    m_error = {};
    const TableDef* def = Schema::instance().table(table);
    if (!def) {
        fail(StoreError::Invalid, tr("Unknown table “%1”.").arg(table));
        return {};
    }
    if (!isOpen()) {
        fail(StoreError::Sql, tr("The database is not open."));
        return {};
    }
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!def->field(it.key())) {
            fail(StoreError::Invalid, tr("Unknown field “%1”.").arg(it.key()));
            return {};
        }
    }
    QVariantList row;
    for (const FieldDef& f : def->fields) {
        QVariant value;
        if (values.contains(f.name))
            value = values.value(f.name);
        else if (f.name == u"created_at")
            value = isoUtc(m_wallClock->nowMs());
        else
            value = defaultFor(f);
        if (const QString problem = def->validate(f, value); !problem.isEmpty()) {
            fail(StoreError::Invalid, problem);
            return {};
        }
        row << normalized(f, value);
    }

    QSqlDatabase db = database();
    WriteTransaction tx(db);
    QSqlError error;
    if (!tx.begin(&error)) {
        failQuery(error, tr("Starting a transaction failed"));
        return {};
    }
    const QString id = m_ids->next();
    const QString clock = stamp().toString();
    const qint64 editedAt = m_wallClock->nowMs();
    QJsonObject clocks;
    QString columns = QStringLiteral("id");
    QString marks = QStringLiteral("?");
    for (const FieldDef& f : def->fields) {
        clocks.insert(f.name, clock);
        columns += QStringLiteral(", ") + f.name;
        marks += QStringLiteral(", ?");
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO ") + def->name + QStringLiteral(" (") + columns
        + QStringLiteral(", last_updated, sync_status, field_clocks) VALUES (") + marks
        + QStringLiteral(", ?, 'dirty', ?)"));
    q.addBindValue(id);
    for (int i = 0; i < def->fields.size(); ++i)
        q.addBindValue(def->fields[i].type == FieldType::Tombstone ? QVariant(row[i].toBool() ? 1 : 0) : row[i]);
    q.addBindValue(clock);
    q.addBindValue(compactJson(clocks));
    if (!q.exec()) {
        failQuery(q.lastError(), tr("Adding the work order failed"));
        return {};
    }
    q.prepare(QStringLiteral("INSERT INTO outbox (tbl, row_id, field, value, hlc, base_hlc, base_text, edited_at) "
                             "VALUES (?, ?, ?, ?, ?, '', ?, ?)"));
    for (int i = 0; i < def->fields.size(); ++i) {
        const FieldDef& f = def->fields[i];
        q.addBindValue(def->name);
        q.addBindValue(id);
        q.addBindValue(f.name);
        q.addBindValue(jsonText(f, row[i]));
        q.addBindValue(clock);
        q.addBindValue(f.isLongText() ? QVariant(QStringLiteral("")) : QVariant());
        q.addBindValue(editedAt);
        if (!q.exec()) {
            failQuery(q.lastError(), tr("Queueing the new work order for sync failed"));
            return {};
        }
    }
    if (!writeClock(clock))
        return {};
    if (!tx.commit(&error)) {
        failQuery(error, tr("Saving the work order failed"));
        return {};
    }
    return id;
}

bool LocalStore::updateRow(const QString& table, const QString& id, const QVariantMap& changes)
{
    return applyEdit(table, id, changes);
}

bool LocalStore::deleteRow(const QString& table, const QString& id)
{
    return applyEdit(table, id, { { Schema::DeletedField, true } });
}

bool LocalStore::undeleteRow(const QString& table, const QString& id)
{
    return applyEdit(table, id, { { Schema::DeletedField, false } });
}

bool LocalStore::applyEdit(const QString& table, const QString& id, const QVariantMap& changes)
{
    m_error = {};
    const TableDef* def = Schema::instance().table(table);
    if (!def)
        return fail(StoreError::Invalid, tr("Unknown table “%1”.").arg(table));
    if (!isOpen())
        return fail(StoreError::Sql, tr("The database is not open."));
    for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
        const FieldDef* f = def->field(it.key());
        if (!f)
            return fail(StoreError::Invalid, tr("Unknown field “%1”.").arg(it.key()));
        if (const QString problem = def->validate(*f, it.value()); !problem.isEmpty())
            return fail(StoreError::Invalid, problem);
    }

    QSqlDatabase db = database();
    WriteTransaction tx(db);
    QSqlError error;
    if (!tx.begin(&error))
        return failQuery(error, tr("Starting a transaction failed"));

    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + def->fieldNames().join(QStringLiteral(", "))
        + QStringLiteral(", field_clocks, last_updated FROM ") + def->name + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return failQuery(q.lastError(), tr("Reading the work order failed"));
    if (!q.next())
        return fail(StoreError::NotFound, tr("The work order “%1” does not exist.").arg(id));
    const int fieldCount = int(def->fields.size());
    QJsonObject clocks = QJsonDocument::fromJson(q.value(fieldCount).toString().toUtf8()).object();
    const QString lastUpdated = q.value(fieldCount + 1).toString();

    struct Changed
    {
        const FieldDef* field;
        QVariant value;
        QVariant previous;
        QString previousClock;
    };
    QList<Changed> changed;
    for (int i = 0; i < fieldCount; ++i) {
        const FieldDef& f = def->fields[i];
        if (!changes.contains(f.name))
            continue;
        const QVariant previous = normalized(f, q.value(i));
        const QVariant value = normalized(f, changes.value(f.name));
        if (value != previous)
            changed.append({ &f, value, previous, clocks.value(f.name).toString() });
    }
    q.finish();
    if (changed.isEmpty())
        return true; // nothing changed: no stamp, no dirty mark

    const QString clock = stamp().toString();
    const qint64 editedAt = m_wallClock->nowMs();
    QString assignments;
    for (const Changed& c : changed) {
        assignments += c.field->name + QStringLiteral(" = ?, ");
        clocks.insert(c.field->name, clock);
    }
    q.prepare(QStringLiteral("UPDATE ") + def->name + QStringLiteral(" SET ") + assignments
        + QStringLiteral("field_clocks = ?, last_updated = ?, sync_status = 'dirty' WHERE id = ?"));
    for (const Changed& c : changed)
        q.addBindValue(c.field->type == FieldType::Tombstone ? QVariant(c.value.toBool() ? 1 : 0) : c.value);
    q.addBindValue(compactJson(clocks));
    q.addBindValue(std::max(clock, lastUpdated));
    q.addBindValue(id);
    if (!q.exec())
        return failQuery(q.lastError(), tr("Saving the work order failed"));

    // The first unacknowledged edit of a field fixes its base; later edits only move value and clock.
    q.prepare(QStringLiteral("INSERT INTO outbox (tbl, row_id, field, value, hlc, base_hlc, base_text, edited_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, row_id, field) "
                             "DO UPDATE SET value = excluded.value, hlc = excluded.hlc"));
    for (const Changed& c : changed) {
        q.addBindValue(def->name);
        q.addBindValue(id);
        q.addBindValue(c.field->name);
        q.addBindValue(jsonText(*c.field, c.value));
        q.addBindValue(clock);
        q.addBindValue(nonNull(c.previousClock));
        q.addBindValue(c.field->isLongText() ? c.previous : QVariant());
        q.addBindValue(editedAt);
        if (!q.exec())
            return failQuery(q.lastError(), tr("Queueing the change for sync failed"));
    }
    if (!writeClock(clock))
        return false;
    if (!tx.commit(&error))
        return failQuery(error, tr("Saving the work order failed"));
    return true;
}

std::optional<QVariantMap> LocalStore::row(const QString& table, const QString& id) const
{
    const TableDef* def = Schema::instance().table(table);
    if (!def || !isOpen())
        return std::nullopt;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT ") + def->fieldNames().join(QStringLiteral(", "))
        + QStringLiteral(", last_updated, sync_status FROM ") + def->name + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    QVariantMap values;
    values.insert(QStringLiteral("id"), id);
    const int fieldCount = int(def->fields.size());
    for (int i = 0; i < fieldCount; ++i)
        values.insert(def->fields[i].name, normalized(def->fields[i], q.value(i)));
    values.insert(QStringLiteral("last_updated"), q.value(fieldCount).toString());
    values.insert(QStringLiteral("sync_status"), q.value(fieldCount + 1).toString());
    return values;
}

QVariantMap LocalStore::fieldClocks(const QString& table, const QString& id) const
{
    const TableDef* def = Schema::instance().table(table);
    if (!def || !isOpen())
        return {};
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT field_clocks FROM ") + def->name + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return {};
    return QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().toVariantMap();
}

int LocalStore::rowCount(const QString& table, bool includeDeleted) const
{
    const TableDef* def = Schema::instance().table(table);
    if (!def || !isOpen())
        return 0;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + def->name
            + (includeDeleted ? QString() : QStringLiteral(" WHERE deleted = 0")))
        || !q.next())
        return 0;
    return q.value(0).toInt();
}

int LocalStore::unsyncedRowCount() const
{
    QSqlQuery q(database());
    if (!isOpen() || !q.exec(QStringLiteral("SELECT count(*) FROM work_orders WHERE sync_status <> 'synced'"))
        || !q.next())
        return 0;
    return q.value(0).toInt();
}

int LocalStore::openConflictCount() const
{
    QSqlQuery q(database());
    if (!isOpen() || !q.exec(QStringLiteral("SELECT count(*) FROM conflicts WHERE resolved = 0")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

int LocalStore::seedDemoData(int count)
{
    return seedDemoData(count, QDateTime::fromMSecsSinceEpoch(m_wallClock->nowMs(), Qt::UTC).date());
}

int LocalStore::seedDemoData(int count, QDate anchor, SeedMode mode)
{
    m_error = {};
    const TableDef* def = Schema::instance().table(Schema::WorkOrders);
    if (!isOpen()) {
        fail(StoreError::Sql, tr("The database is not open."));
        return 0;
    }
    if (count <= 0 || rowCount(Schema::WorkOrders, true) > 0)
        return 0;

    QSqlDatabase db = database();
    WriteTransaction tx(db);
    QSqlError error;
    if (!tx.begin(&error)) {
        failQuery(error, tr("Starting a transaction failed"));
        return 0;
    }
    // Bulk load: secondary indexes and the search triggers are dropped inside the transaction and rebuilt once
    // at the end (a sorted build beats 100,000 random inserts). Their DDL comes from sqlite_master, so this
    // follows whatever the latest migration defined; the transaction makes it all-or-nothing.
    QStringList rebuild;
    {
        QSqlQuery ddl(db);
        if (!ddl.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'work_orders' "
                                     "AND type IN ('index', 'trigger') AND sql IS NOT NULL"))) {
            failQuery(ddl.lastError(), tr("Reading the schema failed"));
            return 0;
        }
        QStringList drops;
        while (ddl.next()) {
            drops << QStringLiteral("DROP ") + ddl.value(0).toString() + u' ' + ddl.value(1).toString();
            rebuild << ddl.value(2).toString();
        }
        for (const QString& sql : std::as_const(drops)) {
            if (!ddl.exec(sql)) {
                failQuery(ddl.lastError(), tr("Preparing the bulk load failed"));
                return 0;
            }
        }
    }
    const QStringList fields = def->fieldNames();
    QString marks;
    for (int i = 0; i < fields.size(); ++i)
        marks += QStringLiteral("?, ");
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO work_orders (id, ") + fields.join(QStringLiteral(", "))
        + QStringLiteral(", last_updated, sync_status, field_clocks) VALUES (?, ") + marks
        + (mode == SeedMode::Synced ? QStringLiteral("?, 'synced', ?)") : QStringLiteral("?, 'dirty', ?)")));
    // The clock JSON is the same for every field of a seeded row; HLC strings need no escaping.
    QString clocksTemplate = QStringLiteral("{");
    for (int i = 0; i < fields.size(); ++i)
        clocksTemplate += (i ? QStringLiteral(",\"") : QStringLiteral("\"")) + fields[i] + QStringLiteral("\":\"%1\"");
    clocksTemplate += u'}';

    DemoData demo(anchor);
    QString lastClock;
    for (int n = 0; n < count; ++n) {
        const QStringList values = demo.next();
        lastClock = stamp().toString();
        insert.bindValue(0, m_ids->next());
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i + 1, nonNull(values[i]));
        insert.bindValue(values.size() + 1, 0); // deleted
        insert.bindValue(values.size() + 2, lastClock);
        insert.bindValue(values.size() + 3, QString(clocksTemplate).replace(QStringLiteral("%1"), lastClock));
        if (!insert.exec()) {
            failQuery(insert.lastError(), tr("Adding demo work orders failed"));
            return 0;
        }
    }
    insert.finish();
    {
        QSqlQuery ddl(db);
        rebuild << QStringLiteral("INSERT INTO work_orders_fts (work_orders_fts) VALUES ('rebuild')");
        for (const QString& sql : std::as_const(rebuild)) {
            if (!ddl.exec(sql)) {
                failQuery(ddl.lastError(), tr("Rebuilding indexes after the bulk load failed"));
                return 0;
            }
        }
    }
    // Every seeded field is a new local edit: queue them all in one statement, in primary-key order so the
    // outbox b-tree is filled by appending.
    if (mode == SeedMode::LocalEdits) {
        QString names;
        QString values = QStringLiteral("CASE f.name");
        QString baseTexts = QStringLiteral("CASE f.name");
        for (const FieldDef& f : def->fields) {
            names += (names.isEmpty() ? QStringLiteral("VALUES ('") : QStringLiteral(", ('")) + f.name
                + QStringLiteral("')");
            values += QStringLiteral(" WHEN '") + f.name + QStringLiteral("' THEN ")
                + (f.type == FieldType::Tombstone ? QStringLiteral("CASE w.deleted WHEN 0 THEN 'false' ELSE 'true' END")
                                                  : QStringLiteral("json_quote(w.") + f.name + u')');
            if (f.isLongText())
                baseTexts += QStringLiteral(" WHEN '") + f.name + QStringLiteral("' THEN ''");
        }
        values += QStringLiteral(" END");
        baseTexts += QStringLiteral(" END");
        QSqlQuery outbox(db);
        outbox.prepare(QStringLiteral("INSERT INTO outbox (tbl, row_id, field, value, hlc, base_hlc, base_text, "
                                      "edited_at) SELECT 'work_orders', w.id, f.name, ")
            + values + QStringLiteral(", w.last_updated, '', ") + baseTexts
            + QStringLiteral(", ? FROM work_orders w, (SELECT column1 AS name FROM (") + names
            + QStringLiteral(")) AS f ORDER BY w.id, f.name"));
        outbox.addBindValue(m_wallClock->nowMs());
        if (!outbox.exec()) {
            failQuery(outbox.lastError(), tr("Queueing demo work orders for sync failed"));
            return 0;
        }
    }
    if (!writeClock(lastClock))
        return 0;
    if (!tx.commit(&error)) {
        failQuery(error, tr("Saving demo work orders failed"));
        return 0;
    }
    qCInfo(lcFieldsyncDb) << "seeded" << count << "demo work orders";
    return count;
}

} // namespace fieldsync

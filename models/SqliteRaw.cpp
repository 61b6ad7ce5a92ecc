#include "SqliteRaw.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace fieldsync {

RawStatements::RawStatements(const QSqlDatabase& db)
    : m_db(handle(db))
{ }

RawStatements::~RawStatements()
{
    clear();
}

sqlite3* RawStatements::handle(const QSqlDatabase& db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant h = db.driver()->handle();
    if (!h.isValid() || qstrcmp(h.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(h.data());
}

sqlite3_stmt* RawStatements::get(const QByteArray& sql, QString* error)
{
    const auto it = m_cache.find(sql);
    if (it != m_cache.end())
        return it->second;
    if (!m_db) {
        if (error)
            *error = QStringLiteral("no SQLite handle on this connection");
        return nullptr;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr)
        != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    m_cache.emplace(QByteArray(sql.constData(), sql.size()), stmt);
    return stmt;
}

void RawStatements::clear()
{
    for (auto& [sql, stmt] : m_cache)
        sqlite3_finalize(stmt);
    m_cache.clear();
}

RawQuery::RawQuery(sqlite3_stmt* stmt, QString prepareError)
    : m_stmt(stmt)
    , m_prepareError(std::move(prepareError))
{
    m_ok = stmt != nullptr;
}

RawQuery::~RawQuery()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

void RawQuery::bind(int index, QByteArrayView utf8)
{
    if (m_stmt)
        sqlite3_bind_text(m_stmt, index, utf8.data() ? utf8.data() : "", int(utf8.size()), SQLITE_TRANSIENT);
}

void RawQuery::bind(int index, QStringView text)
{
    bind(index, QByteArrayView(text.toUtf8()));
}

void RawQuery::bind(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
}

void RawQuery::bindNull(int index)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
}

bool RawQuery::next()
{
    if (!m_stmt || !m_ok)
        return false;
    m_rc = sqlite3_step(m_stmt);
    if (m_rc == SQLITE_ROW)
        return true;
    m_ok = m_rc == SQLITE_DONE;
    return false;
}

bool RawQuery::exec()
{
    while (next()) { }
    const bool ok = m_ok;
    if (ok)
        reset();
    return ok;
}

void RawQuery::reset()
{
    if (!m_stmt)
        return;
    sqlite3_reset(m_stmt);
    m_ok = true;
}

QString RawQuery::error() const
{
    if (!m_stmt)
        return m_prepareError.isEmpty() ? QStringLiteral("statement not prepared") : m_prepareError;
    return QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_stmt)));
}

QByteArrayView RawQuery::text(int column) const
{
    const char* t = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return QByteArrayView(t, t ? sqlite3_column_bytes(m_stmt, column) : 0);
}

qint64 RawQuery::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

bool RawQuery::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int RawQuery::changes() const
{
    return m_stmt ? sqlite3_changes(sqlite3_db_handle(m_stmt)) : 0;
}

} // namespace fieldsync

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>
#include <QStringView>

#include <map>

struct sqlite3;
struct sqlite3_stmt;

namespace fieldsync {

// Statements prepared with the SQLite API on the handle of an open Qt SQL connection, for the sync engine's
// hot paths: Qt SQL binds and reads every value through a QVariant and UTF-16 (which SQLite converts back to
// the UTF-8 it stores), while these bind and read the stored UTF-8 text as it is. The statements belong to the
// connection's thread, like the connection; clear() them before the connection closes.
class RawStatements
{
public:
    explicit RawStatements(const QSqlDatabase& db);
    ~RawStatements();
    RawStatements(const RawStatements&) = delete;
    RawStatements& operator=(const RawStatements&) = delete;

    // The statement for this text, prepared on first use; nullptr with *error set when it cannot be prepared.
    // The look-up may use QByteArray::fromRawData; the cache keeps its own copy of the text.
    sqlite3_stmt* get(const QByteArray& sql, QString* error);
    void clear();

    // The sqlite3 handle of a Qt SQLite connection, or nullptr.
    static sqlite3* handle(const QSqlDatabase& db);

private:
    sqlite3* m_db = nullptr;
    std::map<QByteArray, sqlite3_stmt*> m_cache;
};

// One run of a cached statement: bind, step, read; the statement is reset (bindings cleared) when the query
// goes out of scope, ready for the next run.
class RawQuery
{
public:
    // stmt nullptr: a statement that could not be prepared, failing with prepareError.
    explicit RawQuery(sqlite3_stmt* stmt, QString prepareError = {});
    ~RawQuery();
    RawQuery(const RawQuery&) = delete;
    RawQuery& operator=(const RawQuery&) = delete;

    // Parameters are numbered from 1. Text is copied; a null QString binds as '' (the text columns are NOT NULL).
    void bind(int index, QByteArrayView utf8);
    void bind(int index, const QByteArray& utf8) { bind(index, QByteArrayView(utf8)); }
    void bind(int index, QStringView text);
    void bind(int index, const QString& text) { bind(index, QStringView(text)); }
    void bind(int index, qint64 value);
    void bindNull(int index);

    // Steps once: true with a row; false when done or failed (see ok(), resultCode() and error()).
    bool next();
    // Runs a statement that returns no rows and resets it (bindings kept), ready to be bound again; false on
    // failure.
    bool exec();
    // Back to the start, bindings kept, to be stepped again.
    void reset();
    bool ok() const { return m_ok; }
    int resultCode() const { return m_rc; } // of the last step (SQLITE_ROW, SQLITE_DONE or the error)
    QString error() const;

    QByteArrayView text(int column) const;
    QString string(int column) const { return QString::fromUtf8(text(column)); }
    qint64 integer(int column) const;
    bool isNull(int column) const;
    int changes() const;

private:
    sqlite3_stmt* m_stmt;
    QString m_prepareError;
    int m_rc = 0;
    bool m_ok = true;
};

} // namespace fieldsync

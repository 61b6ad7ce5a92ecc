#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Forward-only schema migrations of the device database, keyed by PRAGMA user_version.
//
// Version N's statements are frozen once released: a database made by any older release is brought to
// latestVersion() by running the missing steps in order, each step in its own IMMEDIATE transaction that
// also sets user_version, so a crash leaves the file at a whole version. The columns of every table are
// documented in Migrations.cpp. Call on the thread that owns the connection.
namespace fieldsync::migrations {

int latestVersion();

// The DDL and data statements that take a database from version - 1 to `version` (1-based).
// Tests use them to build databases exactly as older releases left them.
QStringList statements(int version);

// Reads user_version; -1 and `error` set when the database cannot be read.
int currentVersion(const QSqlDatabase& db, QString* error = nullptr);

// Applies every missing step. Refuses (returns false, database untouched) a version newer than latestVersion().
bool migrate(const QSqlDatabase& db, QString* error);

} // namespace fieldsync::migrations

#pragma once

#include <QString>
#include <QStringList>

#include <atomic>
#include <thread>

struct sqlite3;

namespace fieldsync {

// Builds an external-content FTS5 search index on a thread and connection of its own, so that the index builds at
// the end of a first pull use both cores: the sync worker sorts the list's indexes while this thread tokenizes
// (100,000 work orders: about 1.15 s of list indexes and 0.5 s of search index, one after the other until now).
//
// The thread reads the content table into a contentless FTS5 table with the same columns and options in a scratch
// database beside the store. An external-content and a contentless FTS5 table keep their index in the same shadow
// tables (%_data, %_idx, %_docsize) in the same format, so install() replaces the owner's index with the scratch
// one inside the owner's transaction. It first empties the index through FTS5's own 'delete-all' command, which
// also drops what the owner connection's FTS5 module had cached of it.
//
// The thread must see exactly the rows the owner commits with: begin() opens the owner's transaction and starts
// the thread once the store's write lock is held, and the owner changes no content row in that transaction, so
// the thread's snapshot is the content at the commit. begin() takes that lock with a first write to the main
// database (its user_version, written back unchanged), not with BEGIN IMMEDIATE, which would lock the attached
// scratch database against the thread as well.
//
// On the owner's thread:
//     SearchIndexBuild build(db, path, "work_orders_fts");
//     build.attach(&error);   // outside a transaction: reads the definition, attaches the scratch database
//     build.begin(&error);    // the owner's transaction, the store's write lock, then the thread
//     … other statements of the transaction …
//     build.install(&error);  // waits for the thread, then copies the index; false: rebuild in place instead
//     COMMIT
// The destructor stops and waits for the thread, detaches and removes the scratch database (so destroy it outside
// a transaction: after the commit or the rollback).
class SearchIndexBuild
{
public:
    SearchIndexBuild(sqlite3* owner, const QString& databasePath, const QString& ftsTable);
    ~SearchIndexBuild();
    SearchIndexBuild(const SearchIndexBuild&) = delete;
    SearchIndexBuild& operator=(const SearchIndexBuild&) = delete;

    bool attach(QString* error);
    bool begin(QString* error); // false: no transaction is open
    bool install(QString* error);

    static QString scratchPath(const QString& databasePath) { return databasePath + QStringLiteral(".search-build"); }
    static constexpr const char* ScratchSchema = "fieldsync_search_build";

private:
    bool parseDefinition(const QString& sql, QString* error);
    void start();
    void run();

    sqlite3* const m_owner;
    const QString m_databasePath;
    const QString m_table;
    QString m_contentTable;
    QString m_rowidColumn;
    QStringList m_columnArgs; // as written, "body UNINDEXED" included
    QStringList m_columns; // names only
    QStringList m_options; // every option but the content ones, as written
    bool m_attached = false;

    sqlite3* m_scratch = nullptr; // the thread's connection, opened by start()
    std::thread m_thread;
    std::atomic<bool> m_done { false };
    QString m_threadError; // written by the thread, read after join
    bool m_built = false;
};

} // namespace fieldsync

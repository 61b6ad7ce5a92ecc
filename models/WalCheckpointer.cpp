#include "WalCheckpointer.h"

#include "Logging.h"

#include <sqlite3.h>

namespace fieldsync {

WalCheckpointer::WalCheckpointer(const QString& path, int thresholdPages)
    : m_threshold(thresholdPages > 0 ? thresholdPages : 1000)
{
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        qCWarning(lcFieldsyncDb) << "checkpoint connection not opened:" << (m_db ? sqlite3_errmsg(m_db) : "");
        sqlite3_close(m_db);
        m_db = nullptr;
    }
}

WalCheckpointer::~WalCheckpointer()
{
    if (m_writer)
        sqlite3_wal_autocheckpoint(m_writer, 1000); // SQLite's default; its own hook replaces this one
    if (m_thread.joinable()) {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    sqlite3_close(m_db);
}

bool WalCheckpointer::attach(sqlite3* writer)
{
    if (!m_db || !writer || m_writer)
        return false;
    m_writer = writer;
    m_thread = std::thread([this] { run(); });
    sqlite3_wal_hook(writer, &WalCheckpointer::onCommit, this);
    return true;
}

// On the writer's thread, after each commit, with the number of pages in the log.
int WalCheckpointer::onCommit(void* self, sqlite3* db, const char* schema, int pages)
{
    auto* c = static_cast<WalCheckpointer*>(self);
    if (pages >= HardLimitFactor * c->m_threshold) {
        // What SQLite's automatic checkpoint does, only much later.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }
    if (pages >= c->m_threshold) {
        {
            const std::lock_guard lock(c->m_mutex);
            c->m_due = true;
        }
        c->m_wake.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::run()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_due || m_stop; });
            if (m_stop)
                return;
            m_due = false;
        }
        const int rc = sqlite3_wal_checkpoint_v2(m_db, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        if (rc == SQLITE_OK)
            ++m_checkpoints;
        else if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            qCWarning(lcFieldsyncDb) << "checkpoint failed:" << sqlite3_errmsg(m_db);
    }
}

} // namespace fieldsync

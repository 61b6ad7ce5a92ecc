#pragma once

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace fieldsync {

// Checkpoints a WAL database from a thread and connection of its own. SQLite checkpoints automatically in
// whichever connection commits once the log passes 1000 pages: it copies the log into the database file and
// syncs both, inside the committing thread. For the sync worker that thread is the one applying pulled pages: a
// first pull of 100,000 work orders (about 350 MB through the log) did some twenty checkpoints there, and while
// another program kept the disk busy their syncs made that pull 0.7-0.8 s slower (4.5-4.7 s instead of 3.8-3.9 s).
// attach() replaces a connection's automatic checkpoints: after a commit that leaves the log at `thresholdPages`
// or more, the writer only wakes this thread, which runs a passive checkpoint (it copies what no reader still
// needs and never blocks the writer or the readers). The log starts over at the writer's next transaction once a
// checkpoint has caught up with it; should the writer never leave it the time, the writer checkpoints itself when
// the log reaches eight times the threshold (most of it is in the database by then), so the log stays bounded.
//
// Construct, attach and destroy on the writer's thread, while its connection is open; the destructor gives the
// connection its automatic checkpoints back and stops the thread. If the checkpointer's own connection cannot be
// opened, attach() returns false and the writer keeps checkpointing itself.
class WalCheckpointer
{
public:
    explicit WalCheckpointer(const QString& path, int thresholdPages = 1000);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    bool attach(sqlite3* writer);
    int checkpoints() const { return m_checkpoints.load(); } // passive checkpoints run on the thread so far

private:
    static constexpr int HardLimitFactor = 8;
    static int onCommit(void* self, sqlite3* db, const char* schema, int pages);
    void run();

    sqlite3* m_db = nullptr; // the checkpointer's own connection
    sqlite3* m_writer = nullptr;
    const int m_threshold;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_due = false;
    bool m_stop = false;
    std::atomic<int> m_checkpoints { 0 };
};

} // namespace fieldsync

#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

class QWidget;

namespace fieldsync {

class LocalStore;
struct StoreError;

// Opens the device's store for the GUI and, when that fails, tells the user why in plain words and what
// to do: a missing folder, a read-only or damaged file, a database from a newer FieldSync. The file is
// never modified, moved or deleted on failure. GUI thread only.
class StoreOpener
{
    Q_DECLARE_TR_FUNCTIONS(StoreOpener)
public:
    using MessageSink = std::function<void(const QString& title, const QString& text)>;

    // <AppDataLocation>/fieldsync.db (the folder is created when missing).
    static QString defaultDatabasePath();
    // Opens `path` on the "ui" connection. On failure shows a critical message box (or hands the
    // message to the sink installed for tests) and returns false.
    static bool open(LocalStore& store, const QString& path, QWidget* parent = nullptr);
    static QString explain(const StoreError& error, const QString& path);
    // Test seam: receive the message instead of a modal box. Pass {} to restore the box.
    static void setMessageSink(MessageSink sink);
};

} // namespace fieldsync

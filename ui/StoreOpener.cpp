#include "StoreOpener.h"

#include "LocalStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcOpener, "fieldsync.ui")

namespace fieldsync {

namespace {
StoreOpener::MessageSink& sink()
{
    static StoreOpener::MessageSink s;
    return s;
}
} // namespace

void StoreOpener::setMessageSink(MessageSink s)
{
    sink() = std::move(s);
}

QString StoreOpener::defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("fieldsync.db"));
}

QString StoreOpener::explain(const StoreError& error, const QString& path)
{
    const QString file = QDir::toNativeSeparators(path);
    const QString folder = QDir::toNativeSeparators(QFileInfo(path).absolutePath());
    QString text;
    switch (error.kind) {
    case StoreError::MissingDirectory:
        text = tr("The data folder %1 does not exist.\n\nCreate it, or start FieldSync with --data-dir "
                  "pointing to an existing folder.")
                   .arg(folder);
        break;
    case StoreError::ReadOnly:
        text = tr("The work-order database %1 is read-only, so FieldSync could not save your edits.\n\n"
                  "Check the permissions of the file and its folder. The file was not changed.")
                   .arg(file);
        break;
    case StoreError::Corrupt:
        text = tr("The file %1 is not a readable FieldSync database; it may be damaged.\n\n"
                  "It was left exactly as it is. Restore it from a backup, or move it aside to start with "
                  "an empty store; unsynced edits in it can only come back from a backup.")
                   .arg(file);
        break;
    case StoreError::NewerSchema:
        text = tr("The database %1 was created by a newer version of FieldSync.\n\n"
                  "Install the newer version to open it. The file was not changed.")
                   .arg(file);
        break;
    case StoreError::Sql:
    case StoreError::Invalid:
    case StoreError::NotFound:
    case StoreError::None:
        text = tr("FieldSync could not open the database %1.\n\nThe file was not changed.").arg(file);
        break;
    }
    if (!error.message.isEmpty())
        text += QStringLiteral("\n\n") + tr("Details: %1").arg(error.message);
    return text;
}

bool StoreOpener::open(LocalStore& store, const QString& path, QWidget* parent)
{
    if (store.open(path, QStringLiteral("ui")))
        return true;
    const StoreError error = store.lastError();
    qCWarning(lcOpener) << "Cannot open the store" << path << error.message;
    const QString title = tr("FieldSync cannot open its data");
    const QString text = explain(error, path);
    if (sink())
        sink()(title, text);
    else
        QMessageBox::critical(parent, title, text);
    return false;
}

} // namespace fieldsync

#include "Storage.h"

#include "PostgresStorage.h"
#include "SqliteStorage.h"

namespace fieldsync::server {

std::unique_ptr<Storage> Storage::create(const QString& url)
{
    if (url.startsWith(QLatin1String("sqlite://"))) {
        const QString path = url.mid(int(qstrlen("sqlite://")));
        if (path.isEmpty())
            throw StorageError(false, QStringLiteral("sqlite URL without a path: %1").arg(url));
        return std::make_unique<SqliteStorage>(path);
    }
    if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://")))
        return std::make_unique<PostgresStorage>(url.toUtf8());
    throw StorageError(false,
        QStringLiteral("unsupported database URL \"%1\" (use sqlite:///path/file.db or postgresql://…)").arg(url));
}

} // namespace fieldsync::server

#include "Icons.h"

#include <QHash>

// The icon resource lives in a static library; referencing its initializer keeps it linked in.
static void initIconResources()
{
    Q_INIT_RESOURCE(fieldsync);
}

namespace fieldsync::Icons {

QIcon icon(QStringView name)
{
    static const bool initialized = [] {
        initIconResources();
        return true;
    }();
    Q_UNUSED(initialized);
    static QHash<QString, QIcon> cache;
    const QString key = name.toString();
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, QIcon(QStringLiteral(":/icons/") + key + QStringLiteral(".svg")));
    return it.value();
}

QIcon appIcon()
{
    return icon(u"fieldsync");
}

} // namespace fieldsync::Icons
